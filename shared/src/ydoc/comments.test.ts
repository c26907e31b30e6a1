import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { WorkflowDocument } from '../model'
import { generateWorkflow } from '../testing/generate-workflow'
import {
  addThread,
  changedOnlyComments,
  CommentError,
  commentLimits,
  openThreadCounts,
  reply,
  setResolved,
  threadsForNode,
  threadsOf,
  threadsOnRemovedNodes,
} from './comments'
import { documentOfYDoc, writeDocument } from './convert'
import { sharedTypesOf, workflowYDoc } from './layout'

function exchange(a: Y.Doc, b: Y.Doc): void {
  const toB = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b))
  const toA = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a))
  Y.applyUpdate(b, toB)
  Y.applyUpdate(a, toA)
}

describe('comment threads in the Y.Doc', () => {
  it('opens a thread on a node, takes replies and is resolved and reopened', () => {
    const doc = new Y.Doc()
    const id = addThread(doc, { nodeId: 'approve', author: 'Ada', text: '  Who signs this off?  ' })
    reply(doc, id, { author: 'Grace', text: 'Finance does.' })
    expect(threadsForNode(doc, 'approve')).toEqual([
      {
        id,
        nodeId: 'approve',
        resolved: false,
        createdAt: expect.any(String),
        messages: [
          { id: expect.any(String), author: 'Ada', text: 'Who signs this off?', at: expect.any(String) },
          { id: expect.any(String), author: 'Grace', text: 'Finance does.', at: expect.any(String) },
        ],
      },
    ])
    expect(threadsForNode(doc, 'other')).toEqual([])
    setResolved(doc, id, true)
    expect(threadsOf(doc)[0]!.resolved).toBe(true)
    expect(openThreadCounts(threadsOf(doc))).toEqual({})
    setResolved(doc, id, false)
    expect(openThreadCounts(threadsOf(doc))).toEqual({ approve: 1 })
  })

  it('refuses empty or overlong text, an empty author and unknown threads, saying which', () => {
    const doc = new Y.Doc()
    expect(() => addThread(doc, { nodeId: 'a', author: 'Ada', text: '   ' })).toThrow(
      new CommentError("A comment's text must not be empty"),
    )
    expect(() =>
      addThread(doc, { nodeId: 'a', author: 'Ada', text: 'x'.repeat(commentLimits.text + 1) }),
    ).toThrow(/text is 2001 characters; the limit is 2000/)
    expect(() => addThread(doc, { nodeId: 'a', author: '', text: 'Hi' })).toThrow(/author must not be empty/)
    expect(() => addThread(doc, { nodeId: ' ', author: 'Ada', text: 'Hi' })).toThrow(/id of the node/)
    expect(() => reply(doc, 'nope', { author: 'Ada', text: 'Hi' })).toThrow(/No comment thread "nope"/)
    expect(() => setResolved(doc, 'nope', true)).toThrow(/No comment thread "nope"/)
    expect(threadsOf(doc)).toEqual([])
  })

  it('keeps both threads and every reply when two people write at the same time', () => {
    const alice = new Y.Doc()
    const bob = new Y.Doc()
    const shared = addThread(alice, { nodeId: 'invoice', author: 'Alice', text: 'Net 30 or net 60?' })
    exchange(alice, bob)

    // Written concurrently, before either side hears of the other's edits.
    addThread(alice, { nodeId: 'ship', author: 'Alice', text: 'Which carrier?' })
    addThread(bob, { nodeId: 'ship', author: 'Bob', text: 'Tracking numbers?' })
    for (let n = 1; n <= 3; n++) {
      reply(alice, shared, { author: 'Alice', text: `Alice ${n}` })
      reply(bob, shared, { author: 'Bob', text: `Bob ${n}` })
    }
    setResolved(bob, shared, true)
    exchange(alice, bob)

    expect(threadsOf(alice)).toEqual(threadsOf(bob))
    expect(
      threadsForNode(alice, 'ship')
        .map((thread) => thread.messages[0]!.text)
        .sort(),
    ).toEqual(['Tracking numbers?', 'Which carrier?'])
    const texts = threadsForNode(alice, 'invoice')[0]!.messages.map((entry) => entry.text)
    expect(texts).toHaveLength(7)
    expect(texts[0]).toBe('Net 30 or net 60?')
    expect([...texts].sort()).toEqual([
      'Alice 1',
      'Alice 2',
      'Alice 3',
      'Bob 1',
      'Bob 2',
      'Bob 3',
      'Net 30 or net 60?',
    ])
    // Each person's replies keep their own order within the merged thread.
    expect(texts.filter((text) => text.startsWith('Alice'))).toEqual(['Alice 1', 'Alice 2', 'Alice 3'])
    expect(texts.filter((text) => text.startsWith('Bob'))).toEqual(['Bob 1', 'Bob 2', 'Bob 3'])
    expect(threadsForNode(alice, 'invoice')[0]!.resolved).toBe(true)
  })

  it('leaves the workflow document alone and is not taken back by undoing diagram edits', () => {
    const document = WorkflowDocument.parse(generateWorkflow({ nodes: 8, seed: 3 }))
    const y = workflowYDoc(new Y.Doc())
    const diagramEdit = Symbol('diagram edit')
    const undo = new Y.UndoManager(sharedTypesOf(y), { trackedOrigins: new Set([diagramEdit]) })
    writeDocument(y, document, diagramEdit)
    const nodeId = document.nodes[0]!.id
    addThread(y.ydoc, { nodeId, author: 'Ada', text: 'Rename this?' })

    expect(documentOfYDoc(y.ydoc)).toEqual(document)
    undo.undo()
    expect(documentOfYDoc(y.ydoc).nodes).toEqual([])
    expect(threadsForNode(y.ydoc, nodeId)).toHaveLength(1)
  })

  it('tells a transaction that changed only comments from one that changed the workflow too', () => {
    const y = workflowYDoc(new Y.Doc())
    const seen: boolean[] = []
    y.ydoc.on('afterTransaction', (transaction: Y.Transaction) => seen.push(changedOnlyComments(transaction)))
    const id = addThread(y.ydoc, { nodeId: 'a', author: 'Ada', text: 'First' })
    reply(y.ydoc, id, { author: 'Ada', text: 'Second' })
    y.meta.set('name', 'Orders')
    y.ydoc.transact(() => {
      y.meta.set('name', 'Orders to cash')
      setResolved(y.ydoc, id, true)
    })
    expect(seen).toEqual([true, true, false, false])
  })

  it('keeps the node’s name with a thread, so threads on deleted nodes can still be listed by it', () => {
    const document = WorkflowDocument.parse(generateWorkflow({ nodes: 4, seed: 5 }))
    const y = workflowYDoc(new Y.Doc())
    writeDocument(y, document)
    const [kept, removed] = document.nodes
    addThread(y.ydoc, { nodeId: kept!.id, nodeLabel: kept!.data.label, author: 'Ada', text: 'Fine' })
    addThread(y.ydoc, { nodeId: removed!.id, nodeLabel: ` ${'n'.repeat(300)} `, author: 'Ada', text: 'Why?' })
    addThread(y.ydoc, { nodeId: 'gone-before-labels', author: 'Ada', text: 'Old' })
    y.nodes.delete(removed!.id)

    const orphans = threadsOnRemovedNodes(
      threadsOf(y.ydoc),
      documentOfYDoc(y.ydoc).nodes.map((node) => node.id),
    )
    const byText = (text: string) => orphans.find((thread) => thread.messages[0]!.text === text)
    expect(orphans).toHaveLength(2)
    expect(byText('Why?')).toMatchObject({
      nodeId: removed!.id,
      nodeLabel: 'n'.repeat(commentLimits.nodeLabel),
    })
    expect(byText('Old')!.nodeId).toBe('gone-before-labels')
    expect('nodeLabel' in byText('Old')!).toBe(false)
  })
})
