import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { WorkflowDocument, WorkflowNode } from '../model'
import { chain, edge, end, step, trigger, workflow } from '../testing/builders'
import { generateWorkflow } from '../testing/generate-workflow'
import { readDocument, writeDocument } from './convert'
import { nextOrder, nodeToY, workflowYDoc, type WorkflowYDoc } from './layout'
import { mergeDocument } from './merge-document'

const base = WorkflowDocument.parse(
  workflow(
    [trigger('start'), step('a', { label: 'A' }), step('b', { label: 'B' }), end('done')],
    chain('start', 'a', 'b', 'done'),
    { description: 'Orders' },
  ),
)

/** A live document in step with `document`, as the runtime holds it. */
function liveDoc(document: WorkflowDocument = base): WorkflowYDoc {
  const y = workflowYDoc(new Y.Doc())
  writeDocument(y, document)
  return y
}

const clone = (document: WorkflowDocument): WorkflowDocument => structuredClone(document)
const nodeOf = (document: WorkflowDocument, id: string) => document.nodes.find((node) => node.id === id)!
const dataOf = (y: WorkflowYDoc, id: string) => y.nodes.get(id)!.get('data') as Y.Map<unknown>

function saved(edit: (document: WorkflowDocument) => void): WorkflowDocument {
  const document = clone(base)
  edit(document)
  return document
}

describe('merging a saved document into the live document', () => {
  it('keeps a live edit of one node and takes the save’s move of another', () => {
    const y = liveDoc()
    dataOf(y, 'a').set('label', 'A renamed live')
    const theirs = saved((document) => (nodeOf(document, 'b').position = { x: 500, y: 40 }))

    mergeDocument(y, base, theirs)

    const merged = readDocument(y)
    expect(nodeOf(merged, 'a').data.label).toBe('A renamed live')
    expect(nodeOf(merged, 'b').position).toEqual({ x: 500, y: 40 })
    expect(merged).toEqual(
      saved((document) => {
        nodeOf(document, 'a').data.label = 'A renamed live'
        nodeOf(document, 'b').position = { x: 500, y: 40 }
      }),
    )
  })

  it('merges different fields of the same node: live label, saved position and data key', () => {
    const y = liveDoc()
    dataOf(y, 'a').set('label', 'Live label')
    const theirs = saved((document) => {
      const a = nodeOf(document, 'a')
      a.position = { x: 1, y: 2 }
      if (a.type === 'step') a.data.description = 'Saved description'
    })

    mergeDocument(y, base, theirs)

    const a = nodeOf(readDocument(y), 'a')
    expect(a.position).toEqual({ x: 1, y: 2 })
    expect(a.data).toMatchObject({ label: 'Live label', description: 'Saved description' })
  })

  it('lets the save win when both sides changed the same field', () => {
    const y = liveDoc()
    dataOf(y, 'a').set('label', 'Live label')
    y.meta.set('name', 'Live name')
    const theirs = saved((document) => {
      nodeOf(document, 'a').data.label = 'Saved label'
      document.name = 'Saved name'
    })

    mergeDocument(y, base, theirs)

    expect(nodeOf(readDocument(y), 'a').data.label).toBe('Saved label')
    expect(y.meta.get('name')).toBe('Saved name')
  })

  it('keeps a live change of one document field beside the save’s change of another', () => {
    const y = liveDoc()
    y.meta.set('description', 'Described live')
    mergeDocument(y, base, { ...base, name: 'Renamed by the save', owner: 'Finance' })

    expect(readDocument(y)).toMatchObject({
      name: 'Renamed by the save',
      owner: 'Finance',
      description: 'Described live',
    })
  })

  it('removes what the save removed: a data key, a document field, a lane', () => {
    const withExtras = { ...base, valueStream: 'Order to cash' }
    const y = liveDoc(withExtras)
    const theirs = clone(withExtras)
    delete theirs.valueStream
    delete theirs.description
    theirs.lanes = []
    const b = nodeOf(theirs, 'b')
    if (b.type === 'step') delete b.data.lane

    mergeDocument(y, withExtras, theirs)

    expect(readDocument(y)).toEqual(theirs)
  })

  it('removes a node the save removed even though it was edited live, with the edges drawn to it live', () => {
    const y = liveDoc()
    dataOf(y, 'b').set('label', 'Edited live before the save removed it')
    const drawnLive = new Y.Map<unknown>()
    for (const [key, value] of Object.entries({ source: 'start', target: 'b', order: nextOrder(y.edges) }))
      drawnLive.set(key, value)
    y.edges.set('start-b', drawnLive)
    const theirs = saved((document) => {
      document.nodes = document.nodes.filter((node) => node.id !== 'b')
      document.edges = [...chain('start', 'a'), edge('a', 'done')].map((entry) => ({ ...entry }))
    })

    mergeDocument(y, base, theirs)

    expect(readDocument(y)).toEqual(theirs)
  })

  it('keeps a node deleted live deleted, and does not add the save’s edge to it', () => {
    const y = liveDoc()
    y.ydoc.transact(() => {
      y.nodes.delete('b')
      y.edges.delete('a-b')
      y.edges.delete('b-done')
      const bypass = new Y.Map<unknown>()
      bypass.set('source', 'a')
      bypass.set('target', 'done')
      bypass.set('order', nextOrder(y.edges))
      y.edges.set('a-done', bypass)
    })
    const theirs = saved((document) => {
      nodeOf(document, 'b').data.label = 'Changed by the save'
      document.edges.push({ id: 'start-b', source: 'start', target: 'b' })
    })

    mergeDocument(y, base, theirs)

    const merged = readDocument(y)
    expect(merged.nodes.map((node) => node.id)).toEqual(['start', 'a', 'done'])
    expect(merged.edges.map((entry) => entry.id)).toEqual(['start-a', 'a-done'])
  })

  it('keeps nodes added live beside nodes added by the save; the same id added twice is the save’s', () => {
    const y = liveDoc()
    y.ydoc.transact(() => {
      y.nodes.set('live-step', nodeToY(WorkflowNode.parse(step('live-step')), 4))
      y.nodes.set('both', nodeToY(WorkflowNode.parse(step('both', { label: 'Live' })), 5))
    })
    const theirs = saved((document) => {
      document.nodes.push(
        WorkflowNode.parse(step('saved-step')),
        WorkflowNode.parse(step('both', { label: 'Saved' })),
      )
    })

    mergeDocument(y, base, theirs)

    const merged = readDocument(y)
    expect(merged.nodes.map((node) => node.id).sort()).toEqual(
      ['a', 'b', 'both', 'done', 'live-step', 'saved-step', 'start'].sort(),
    )
    expect(nodeOf(merged, 'both').data.label).toBe('Saved')
  })

  it('takes the save’s order of nodes and keeps a node added live after them', () => {
    const y = liveDoc()
    const added = WorkflowNode.parse(step('added-live'))
    y.nodes.set(added.id, nodeToY(added, nextOrder(y.nodes)))
    const theirs = saved((document) => document.nodes.reverse())

    mergeDocument(y, base, theirs)

    expect(readDocument(y).nodes.map((node) => node.id)).toEqual(['done', 'b', 'a', 'start', 'added-live'])
  })

  it('merges the fields of one edge: a label set live, a target changed by the save', () => {
    const y = liveDoc()
    y.edges.get('a-b')!.set('data', { label: 'Approved' })
    const theirs = saved((document) => (document.edges.find((entry) => entry.id === 'a-b')!.target = 'done'))

    mergeDocument(y, base, theirs)

    expect(readDocument(y).edges.find((entry) => entry.id === 'a-b')).toEqual({
      id: 'a-b',
      source: 'a',
      target: 'done',
      data: { label: 'Approved' },
    })
  })

  it('writes nothing when the save changed nothing, and one transaction with the given origin otherwise', () => {
    const y = liveDoc()
    const origins: unknown[] = []
    y.ydoc.on('afterTransaction', (transaction: Y.Transaction) => origins.push(transaction.origin))
    mergeDocument(y, base, clone(base))
    expect(origins).toEqual([])

    mergeDocument(y, base, { ...base, name: 'Saved' }, 'stored workflow')
    expect(origins).toEqual(['stored workflow'])
  })

  it('leaves comments and other maps beside the workflow alone', () => {
    const y = liveDoc()
    y.ydoc.getMap('comments').set('thread-1', 'kept')
    mergeDocument(y, base, { ...base, nodes: [], edges: [] })
    expect(y.ydoc.getMap('comments').get('thread-1')).toBe('kept')
  })
})

// ── properties over generated workflows ────────────────────────────────────────────────────

const seed = fc.integer({ min: 0, max: 2 ** 31 - 1 })
const generated = (nodes: number) =>
  seed.map((value) => WorkflowDocument.parse(generateWorkflow({ nodes, seed: value })))

/** Picks node ids by a mask of booleans, one per node (cycled). */
const pick = (document: WorkflowDocument, mask: boolean[]) =>
  document.nodes.filter((_node, index) => mask[index % mask.length]).map((node) => node.id)

describe('merge properties', () => {
  it('turns a document still equal to base into theirs, whatever the save changed', () => {
    fc.assert(
      fc.property(generated(20), generated(25), (before, after) => {
        const theirs = { ...after, id: before.id }
        const y = liveDoc(before)
        mergeDocument(y, before, theirs)
        expect(readDocument(y)).toEqual(theirs)
      }),
      { numRuns: 60 },
    )
  })

  it('keeps live edits of other nodes and fields: the result is the save plus the live edits', () => {
    fc.assert(
      fc.property(
        generated(30),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 30 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 30 }),
        (before, savedMask, removedMask) => {
          // The save moves some nodes and removes a few of them (with their edges); the live
          // edits rename the other nodes, add one and describe the document.
          const moved = pick(before, savedMask)
          const removed = new Set(moved.filter((_id, index) => removedMask[index % removedMask.length]))
          const renamed = before.nodes.map((node) => node.id).filter((id) => !moved.includes(id))
          const theirs = clone(before)
          theirs.name = 'Saved name'
          for (const node of theirs.nodes) if (moved.includes(node.id)) node.position = { x: -1, y: -2 }
          theirs.nodes = theirs.nodes.filter((node) => !removed.has(node.id))
          theirs.edges = theirs.edges.filter(
            (entry) => !removed.has(entry.source) && !removed.has(entry.target),
          )

          const y = liveDoc(before)
          const added = WorkflowNode.parse(step('added-live'))
          y.ydoc.transact(() => {
            for (const id of renamed) dataOf(y, id).set('label', `live ${id}`)
            y.nodes.set(added.id, nodeToY(added, nextOrder(y.nodes)))
            y.meta.set('description', 'Described live')
          })

          mergeDocument(y, before, theirs)

          const expected = clone(theirs)
          expected.description = 'Described live'
          for (const node of expected.nodes)
            if (renamed.includes(node.id)) node.data.label = `live ${node.id}`
          expected.nodes.push(added)
          expect(readDocument(y)).toEqual(expected)
        },
      ),
      { numRuns: 60 },
    )
  })

  it('converges: a collaborator who applies the merge’s update holds the same document', () => {
    fc.assert(
      fc.property(generated(15), generated(15), (before, after) => {
        const y = liveDoc(before)
        const peer = new Y.Doc()
        Y.applyUpdate(peer, Y.encodeStateAsUpdate(y.ydoc))
        y.ydoc.on('update', (update: Uint8Array) => Y.applyUpdate(peer, update))
        mergeDocument(y, before, { ...after, id: before.id })
        expect(readDocument(workflowYDoc(peer))).toEqual(readDocument(y))
      }),
      { numRuns: 30 },
    )
  })
})
