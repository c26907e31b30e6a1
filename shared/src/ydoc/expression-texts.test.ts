import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { WorkflowNode } from '../model'
import {
  editExpression,
  expressionKey,
  expressionText,
  expressionTextsMap,
  keepExpressionTextsInStep,
  readExpression,
  replaceText,
  type ExpressionFieldRef,
} from './expression-texts'
import { readDocument } from './convert'
import { nodeToY, workflowYDoc, type WorkflowYDoc } from './layout'
import { mergeDocument } from './merge-document'
import { updateDocument } from './update-document'

const decision = {
  id: 'route',
  type: 'decision',
  position: { x: 0, y: 0 },
  data: {
    label: 'Route',
    decidedBy: 'rule',
    branches: [
      { id: 'big', label: 'Big', condition: 'amount > 100' },
      { id: 'small', label: 'Small' },
    ],
  },
} as unknown as WorkflowNode

const bigCondition: ExpressionFieldRef = { nodeId: 'route', path: ['branches', { id: 'big' }, 'condition'] }
const smallCondition: ExpressionFieldRef = {
  nodeId: 'route',
  path: ['branches', { id: 'small' }, 'condition'],
}
const typing = Symbol('typing')

/** A Yjs client with the rules running, whose updates wait to be delivered. */
interface Client {
  y: WorkflowYDoc
  outbox: Uint8Array[]
  /** Updates this client made (its own edits and its follow-up writes). */
  sent: number
}

/** Clients with higher ids win concurrent writes of one key: the tests choose who wins. */
function client(clientID: number): Client {
  const y = workflowYDoc(new Y.Doc())
  y.ydoc.clientID = clientID
  const self: Client = { y, outbox: [], sent: 0 }
  keepExpressionTextsInStep(y)
  y.ydoc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin === 'remote') return
    self.outbox.push(update)
    self.sent++
  })
  return self
}

/** Delivers everything both ways until nobody has anything left to say; returns the rounds. */
function settle(...clients: Client[]): number {
  for (let round = 1; round < 20; round++) {
    const pending = clients.map((from) => from.outbox.splice(0))
    if (pending.every((updates) => updates.length === 0)) return round
    clients.forEach((from, index) => {
      for (const to of clients) {
        if (to !== from) for (const update of pending[index]!) Y.applyUpdate(to.y.ydoc, update, 'remote')
      }
    })
  }
  throw new Error('the clients never stopped writing')
}

function twoClients(): [Client, Client] {
  const ann = client(2)
  ann.y.nodes.set('route', nodeToY(decision, 0))
  const bob = client(1)
  settle(ann, bob)
  return [ann, bob]
}

/** The runtime's copy of the live document: it runs none of the rules. */
function runtimeOf(peer: Client): Client {
  const runtime: Client = { y: workflowYDoc(new Y.Doc()), outbox: [], sent: 0 }
  Y.applyUpdate(runtime.y.ydoc, Y.encodeStateAsUpdate(peer.y.ydoc))
  runtime.y.ydoc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== 'remote') runtime.outbox.push(update)
  })
  return runtime
}

function type(person: Client, field: ExpressionFieldRef, at: number, text: string): void {
  const ytext = expressionText(person.y, field)!
  editExpression(person.y, field, ytext, (target) => target.insert(at, text), typing)
}

function setBranches(person: Client, branches: unknown[]): void {
  person.y.ydoc.transact(() => {
    ;(person.y.nodes.get('route')!.get('data') as Y.Map<unknown>).set('branches', branches)
  }, 'edit')
}

/** The field's shared text as it is (without opening the field, which would align it). */
const textOf = (person: Client, field: ExpressionFieldRef) =>
  expressionTextsMap(person.y.ydoc).get(expressionKey(field))?.toString()

describe('expressions typed together', () => {
  it('reads and finds fields by key and by array element id, and knows when their place is gone', () => {
    const [ann] = twoClients()
    expect(readExpression(ann.y, bigCondition)).toBe('amount > 100')
    expect(readExpression(ann.y, smallCondition)).toBeUndefined()
    expect(readExpression(ann.y, { nodeId: 'route', path: ['branches', { id: 'gone' }, 'condition'] })).toBe(
      null,
    )
    expect(readExpression(ann.y, { nodeId: 'missing', path: ['output'] })).toBe(null)
  })

  it('writes a keystroke and its data string in one update, which the other client takes as it is', () => {
    const [ann, bob] = twoClients()
    expressionText(ann.y, bigCondition)
    settle(ann, bob)
    const before = { ann: ann.sent, bob: bob.sent }
    type(ann, bigCondition, 12, '0')
    expect(ann.sent - before.ann).toBe(1)
    settle(ann, bob)
    expect(bob.sent).toBe(before.bob)
    expect(readExpression(bob.y, bigCondition)).toBe('amount > 1000')
    expect(textOf(bob, bigCondition)).toBe('amount > 1000')
  })

  it('keeps both people’s characters when they type in one condition at once', () => {
    const [ann, bob] = twoClients()
    expressionText(ann.y, bigCondition)
    settle(ann, bob)
    type(ann, bigCondition, 0, '(')
    type(ann, bigCondition, 13, ')')
    type(bob, bigCondition, 12, '0 and urgent')
    settle(ann, bob)
    for (const person of [ann, bob]) {
      expect(textOf(person, bigCondition)).toBe('(amount > 1000 and urgent)')
      expect(readExpression(person.y, bigCondition)).toBe('(amount > 1000 and urgent)')
    }
  })

  it('keeps both conditions when two people type in different branches of one decision at once', () => {
    const [ann, bob] = twoClients()
    expressionText(ann.y, bigCondition)
    expressionText(bob.y, smallCondition)
    settle(ann, bob)
    // Both keystrokes rewrite the whole list of branches: one list wins, the rules restore the other.
    type(ann, bigCondition, 0, 'urgent or ')
    type(bob, smallCondition, 0, 'amount <= 100')
    type(ann, bigCondition, 22, '0')
    settle(ann, bob)
    for (const person of [ann, bob]) {
      expect(readExpression(person.y, bigCondition)).toBe('urgent or amount > 1000')
      expect(readExpression(person.y, smallCondition)).toBe('amount <= 100')
    }
  })

  it('rewrites a stale string written alongside another field with what was typed meanwhile', () => {
    const [ann, bob] = twoClients()
    expressionText(bob.y, smallCondition)
    settle(ann, bob)
    // Ann renames a branch, writing the whole list as she sees it, while Bob types a condition.
    setBranches(ann, [
      { id: 'big', label: 'Large', condition: 'amount > 100' },
      { id: 'small', label: 'Small' },
    ])
    type(bob, smallCondition, 0, 'amount <= 100')
    // Ann's list wins the key, with the condition as it was before Bob typed.
    Y.applyUpdate(ann.y.ydoc, bob.outbox[0]!, 'remote')
    expect(readExpression(ann.y, smallCondition)).toBe('amount <= 100')
    settle(ann, bob)
    for (const person of [ann, bob]) {
      expect(textOf(person, smallCondition)).toBe('amount <= 100')
      expect(person.y.nodes.get('route')!.toJSON().data.branches).toEqual([
        { id: 'big', label: 'Large', condition: 'amount > 100' },
        { id: 'small', label: 'Small', condition: 'amount <= 100' },
      ])
    }
  })

  it('carries a change this client made to the data alone into the text, as a minimal edit', () => {
    const [ann, bob] = twoClients()
    const text = expressionText(bob.y, bigCondition)!
    settle(ann, bob)
    // Bob's cursor sits after "amount"; Ann changes only the number.
    const cursor = Y.createRelativePositionFromTypeIndex(text, 6)
    setBranches(ann, [
      { id: 'big', label: 'Big', condition: 'amount > 250' },
      { id: 'small', label: 'Small' },
    ])
    settle(ann, bob)
    expect(textOf(bob, bigCondition)).toBe('amount > 250')
    expect(readExpression(bob.y, bigCondition)).toBe('amount > 250')
    expect(Y.createAbsolutePositionFromRelativePosition(cursor, bob.y.ydoc)?.index).toBe(6)
  })

  it('takes a save that changed data and texts together without writing anything back', () => {
    const [ann, bob] = twoClients()
    expressionText(ann.y, bigCondition)
    settle(ann, bob)
    // The runtime applies a save made through the API: no rules run there, the texts follow anyway.
    const runtime = runtimeOf(ann)
    const saved = readDocument(runtime.y)
    const route = saved.nodes[0]! as (typeof saved.nodes)[0] & { data: { branches: unknown[] } }
    route.data.branches = [{ id: 'big', label: 'Big', condition: 'amount >= 500' }]
    updateDocument(runtime.y, saved)
    const before = { ann: ann.sent, bob: bob.sent }
    settle(ann, bob, runtime)
    expect([ann.sent, bob.sent]).toEqual([before.ann, before.bob])
    expect(textOf(ann, bigCondition)).toBe('amount >= 500')
    expect(textOf(bob, bigCondition)).toBe('amount >= 500')
  })

  it('brings a text in line with a save merged three-way into the live document', () => {
    const [ann, bob] = twoClients()
    expressionText(bob.y, bigCondition)
    settle(ann, bob)
    const runtime = runtimeOf(ann)
    const base = readDocument(runtime.y)
    const theirs = structuredClone(base)
    const route = theirs.nodes[0]! as (typeof theirs.nodes)[0] & { data: { branches: unknown[] } }
    route.data.branches = [
      { id: 'big', label: 'Big', condition: 'amount > 5000' },
      { id: 'small', label: 'Small' },
    ]
    mergeDocument(runtime.y, base, theirs)
    settle(ann, bob, runtime)
    expect(textOf(bob, bigCondition)).toBe('amount > 5000')
    expect(readExpression(bob.y, bigCondition)).toBe('amount > 5000')
  })

  it('undoes one person’s typing and never the other’s', () => {
    const [ann, bob] = twoClients()
    const undo = new Y.UndoManager([ann.y.nodes, expressionTextsMap(ann.y.ydoc)], {
      trackedOrigins: new Set([typing]),
    })
    expressionText(ann.y, bigCondition)
    settle(ann, bob)
    type(ann, bigCondition, 12, '0')
    type(bob, bigCondition, 0, 'urgent or ')
    settle(ann, bob)
    expect(textOf(ann, bigCondition)).toBe('urgent or amount > 1000')
    undo.undo()
    settle(ann, bob)
    for (const person of [ann, bob]) {
      expect(textOf(person, bigCondition)).toBe('urgent or amount > 100')
      expect(readExpression(person.y, bigCondition)).toBe('urgent or amount > 100')
    }
    undo.redo()
    settle(ann, bob)
    expect(readExpression(bob.y, bigCondition)).toBe('urgent or amount > 1000')
  })

  it('leaves out a field typed empty, and drops the texts of a node that was deleted', () => {
    const [ann, bob] = twoClients()
    const text = expressionText(ann.y, bigCondition)!
    editExpression(ann.y, bigCondition, text, (target) => target.delete(0, target.length), typing)
    expect(readExpression(ann.y, bigCondition)).toBeUndefined()
    const branches = (ann.y.nodes.get('route')!.get('data') as Y.Map<unknown>).get('branches')
    expect((branches as Array<Record<string, unknown>>)[0]).toEqual({ id: 'big', label: 'Big' })
    settle(ann, bob)
    ann.y.ydoc.transact(() => ann.y.nodes.delete('route'), 'edit')
    expect(expressionTextsMap(ann.y.ydoc).size).toBe(0)
    settle(ann, bob)
    expect(expressionTextsMap(bob.y.ydoc).size).toBe(0)
    expect(expressionText(bob.y, bigCondition)).toBe(null)
  })

  it('shows the data string in a field opened after someone changed the data alone', () => {
    const [ann] = twoClients()
    expressionText(ann.y, bigCondition)
    // A writer without these rules (an older tab) changes the condition in the data only.
    const cara = workflowYDoc(new Y.Doc())
    Y.applyUpdate(cara.ydoc, Y.encodeStateAsUpdate(ann.y.ydoc))
    ;(cara.nodes.get('route')!.get('data') as Y.Map<unknown>).set('branches', [
      { id: 'big', label: 'Big', condition: 'amount > 900' },
    ])
    const sent = ann.sent
    Y.applyUpdate(ann.y.ydoc, Y.encodeStateAsUpdate(cara.ydoc, Y.encodeStateVector(ann.y.ydoc)), 'remote')
    // Nothing is written back on a remote change to the data alone.
    expect(ann.sent).toBe(sent)
    expect(readExpression(ann.y, bigCondition)).toBe('amount > 900')
    expect(textOf(ann, bigCondition)).toBe('amount > 100')
    expect(expressionText(ann.y, bigCondition)!.toString()).toBe('amount > 900')
  })

  it('passes over entries that are not texts or not fields, and replaces one under a field’s key', () => {
    const [ann, bob] = twoClients()
    const texts = expressionTextsMap(bob.y.ydoc) as unknown as Y.Map<unknown>
    bob.y.ydoc.transact(() => {
      texts.set(expressionKey(bigCondition), 'not a text')
      texts.set('not a key', new Y.Text('stray'))
    })
    settle(ann, bob)
    type(ann, bigCondition, 0, 'vip or ')
    settle(ann, bob)
    expect(readExpression(bob.y, bigCondition)).toBe('vip or amount > 100')
    expect(textOf(bob, bigCondition)).toBe('vip or amount > 100')
  })

  it('edits text by its changed middle and never splits a character in two', () => {
    const doc = new Y.Doc()
    const text = doc.getText('t')
    text.insert(0, 'a 😀 b')
    let deltas: unknown[] = []
    text.observe((event) => (deltas = event.delta))
    replaceText(text, 'a 😁 b')
    expect(text.toString()).toBe('a 😁 b')
    expect(deltas).toEqual([{ retain: 2 }, { delete: 2 }, { insert: '😁' }])
  })
})

describe('names and descriptions typed together', () => {
  const name: ExpressionFieldRef = { nodeId: 'route', path: ['label'] }
  const description: ExpressionFieldRef = { nodeId: 'route', path: ['description'] }
  const branchName: ExpressionFieldRef = { nodeId: 'route', path: ['branches', { id: 'big' }, 'label'] }

  it('keeps both people’s characters in a node name', () => {
    const [ann, bob] = twoClients()
    expressionText(ann.y, name)
    settle(ann, bob)
    type(ann, name, 0, 'Big or small: ')
    type(bob, name, 'Route'.length, ' by amount')
    settle(ann, bob)
    for (const person of [ann, bob]) {
      expect(readExpression(person.y, name)).toBe('Big or small: Route by amount')
      expect(textOf(person, name)).toBe('Big or small: Route by amount')
    }
  })

  it('keeps an emptied name as an empty string (a name is never left out), and drops a blank description', () => {
    const [ann] = twoClients()
    for (const field of [name, branchName]) {
      const text = expressionText(ann.y, field)!
      editExpression(ann.y, field, text, (target) => target.delete(0, target.length), typing)
      expect(readExpression(ann.y, field)).toBe('')
    }
    const text = expressionText(ann.y, description)!
    editExpression(ann.y, description, text, (target) => target.insert(0, 'Checks the amount'), typing)
    expect(readExpression(ann.y, description)).toBe('Checks the amount')
    editExpression(ann.y, description, text, (target) => target.delete(0, target.length), typing)
    expect(readExpression(ann.y, description)).toBeUndefined()
  })
})
