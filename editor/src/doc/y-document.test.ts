import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { examples } from '@conveyor/examples'
import { exampleDocument } from './test-documents'
import { readDocument, workflowYDoc, writeDocument } from './y-document'

describe('Y.Doc ⇄ workflow document', () => {
  it.each(examples.map((example) => example.slug))('round-trips the %s example unchanged', (slug) => {
    const document = exampleDocument(slug)
    const y = workflowYDoc(new Y.Doc())
    writeDocument(y, document)
    expect(readDocument(y)).toEqual(document)
  })

  it('keeps node and edge order, which decides trigger order when compiling', () => {
    const document = exampleDocument('order-to-cash')
    const y = workflowYDoc(new Y.Doc())
    writeDocument(y, document)
    expect(readDocument(y).nodes.map((node) => node.id)).toEqual(document.nodes.map((node) => node.id))
    expect(readDocument(y).edges.map((edge) => edge.id)).toEqual(document.edges.map((edge) => edge.id))
  })

  it('survives a trip through a Yjs update, as IndexedDB and collaborators receive it', () => {
    const document = exampleDocument('order-to-cash')
    const source = workflowYDoc(new Y.Doc())
    writeDocument(source, document)
    const copy = new Y.Doc()
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(source.ydoc))
    expect(readDocument(workflowYDoc(copy))).toEqual(document)
  })

  it('merges concurrent edits of two different nodes', () => {
    const document = exampleDocument('order-to-cash')
    const a = workflowYDoc(new Y.Doc())
    writeDocument(a, document)
    const b = workflowYDoc(new Y.Doc())
    Y.applyUpdate(b.ydoc, Y.encodeStateAsUpdate(a.ydoc))
    const [first, second] = document.nodes
    ;(a.nodes.get(first!.id)!.get('data') as Y.Map<unknown>).set('label', 'Edited by A')
    ;(b.nodes.get(second!.id)!.get('data') as Y.Map<unknown>).set('label', 'Edited by B')
    Y.applyUpdate(a.ydoc, Y.encodeStateAsUpdate(b.ydoc))
    Y.applyUpdate(b.ydoc, Y.encodeStateAsUpdate(a.ydoc))
    for (const y of [a, b]) {
      const labels = readDocument(y).nodes.map((node) => node.data.label)
      expect(labels.slice(0, 2)).toEqual(['Edited by A', 'Edited by B'])
    }
  })
})
