import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { readDocument, workflowYDoc, writeDocument } from '@conveyor/shared'
import { examples } from '@conveyor/examples'
import { exampleDocument } from './test-documents'

describe('the bundled examples in a Y.Doc', () => {
  it.each(examples.map((example) => example.slug))('round-trips the %s example unchanged', (slug) => {
    const document = exampleDocument(slug)
    const y = workflowYDoc(new Y.Doc())
    writeDocument(y, document)
    expect(readDocument(y)).toEqual(document)
  })
})
