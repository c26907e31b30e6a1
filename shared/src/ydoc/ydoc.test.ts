import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { WorkflowDocument } from '../model'
import { generateWorkflow } from '../testing/generate-workflow'
import { readDocument, writeDocument } from './convert'
import { workflowYDoc } from './layout'
import { updateDocument } from './update-document'

function sample(seed: number): WorkflowDocument {
  const document = WorkflowDocument.parse(generateWorkflow({ nodes: 30, seed }))
  return {
    ...document,
    description: 'Orders from intake to cash',
    circuitBreaker: { failuresInARow: 7 },
    lanes: [
      { id: 'sales', name: 'Sales', kind: 'role' },
      { id: 'finance', name: 'Finance', kind: 'role', description: 'Invoices' },
      ...document.lanes,
    ],
  }
}

function sync(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)))
}

describe('Y.Doc ⇄ workflow document', () => {
  it.each([1, 2, 3])('round-trips a generated workflow (seed %i) unchanged, order included', (seed) => {
    const document = sample(seed)
    const y = workflowYDoc(new Y.Doc())
    writeDocument(y, document)
    expect(readDocument(y)).toEqual(document)
  })

  it('survives a trip through a Yjs update, as IndexedDB and collaborators receive it', () => {
    const document = sample(4)
    const source = workflowYDoc(new Y.Doc())
    writeDocument(source, document)
    const copy = workflowYDoc(new Y.Doc())
    sync(source.ydoc, copy.ydoc)
    expect(readDocument(copy)).toEqual(document)
  })

  it('does not duplicate lanes, nodes or edges when two people fill the same empty document', () => {
    const document = sample(5)
    const a = workflowYDoc(new Y.Doc())
    const b = workflowYDoc(new Y.Doc())
    writeDocument(a, document)
    writeDocument(b, document)
    sync(a.ydoc, b.ydoc)
    sync(b.ydoc, a.ydoc)
    expect(readDocument(a)).toEqual(document)
    expect(readDocument(b)).toEqual(document)
  })

  it('merges concurrent edits of two different nodes and two different lanes', () => {
    const document = sample(6)
    const a = workflowYDoc(new Y.Doc())
    writeDocument(a, document)
    const b = workflowYDoc(new Y.Doc())
    sync(a.ydoc, b.ydoc)
    const [first, second] = document.nodes
    ;(a.nodes.get(first!.id)!.get('data') as Y.Map<unknown>).set('label', 'Edited by A')
    ;(b.nodes.get(second!.id)!.get('data') as Y.Map<unknown>).set('label', 'Edited by B')
    a.lanes.get('sales')!.set('name', 'Sales (A)')
    b.lanes.get('finance')!.set('name', 'Finance (B)')
    sync(b.ydoc, a.ydoc)
    sync(a.ydoc, b.ydoc)
    for (const y of [a, b]) {
      const read = readDocument(y)
      expect(read.nodes.slice(0, 2).map((node) => node.data.label)).toEqual(['Edited by A', 'Edited by B'])
      expect(read.lanes.slice(0, 2).map((lane) => lane.name)).toEqual(['Sales (A)', 'Finance (B)'])
    }
  })
})

describe('updating a Y.Doc to another version of the document', () => {
  it('ends with exactly the new document', () => {
    const before = sample(7)
    const after = sample(8)
    const y = workflowYDoc(new Y.Doc())
    writeDocument(y, before)
    updateDocument(y, after)
    expect(readDocument(y)).toEqual(after)
  })

  it("changes only what differs, so someone else's concurrent edit of another node survives", () => {
    const document = sample(9)
    const server = workflowYDoc(new Y.Doc())
    writeDocument(server, document)
    const editor = workflowYDoc(new Y.Doc())
    sync(server.ydoc, editor.ydoc)
    const [first, second] = document.nodes
    ;(editor.nodes.get(second!.id)!.get('data') as Y.Map<unknown>).set('label', 'Edited live')
    const renamed = {
      ...document,
      name: 'Renamed elsewhere',
      nodes: document.nodes.map((node) =>
        node.id === first!.id ? { ...node, data: { ...node.data, label: 'Renamed' } } : node,
      ),
    } as WorkflowDocument
    updateDocument(server, renamed)
    sync(editor.ydoc, server.ydoc)
    sync(server.ydoc, editor.ydoc)

    for (const y of [server, editor]) {
      const read = readDocument(y)
      expect(read.name).toBe('Renamed elsewhere')
      expect(read.nodes.slice(0, 2).map((node) => node.data.label)).toEqual(['Renamed', 'Edited live'])
    }
  })
})
