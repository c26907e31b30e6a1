import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { WorkflowDocument } from '../model'
import { generateWorkflow } from '../testing/generate-workflow'
import { readDocument, writeDocument } from './convert'
import { workflowYDoc } from './layout'

function sample(seed: number): WorkflowDocument {
  const document = WorkflowDocument.parse(generateWorkflow({ nodes: 30, seed }))
  return {
    ...document,
    description: 'Orders from intake to cash',
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
