import { describe, expect, it } from 'vitest'
import { Id } from '@conveyor/shared'
import { copyDocument, copyId } from './copy-document'

describe('copyId', () => {
  it('adds -copy, then numbers further copies', () => {
    expect(copyId('invoice', new Set())).toBe('invoice-copy')
    expect(copyId('invoice', new Set(['invoice-copy', 'invoice-copy-2']))).toBe('invoice-copy-3')
  })

  it('stays a valid id when the original is as long as ids may be', () => {
    const long = 'a'.repeat(64)
    const id = copyId(long, new Set([`${'a'.repeat(59)}-copy`]))
    expect(id).toHaveLength(64)
    expect(Id.safeParse(id).success).toBe(true)
  })
})

describe('copyDocument', () => {
  it('keeps the diagram and renames the copy', () => {
    const original = {
      schemaVersion: 1 as const,
      id: 'triage',
      name: 'Ticket triage',
      targets: [],
      lanes: [],
      nodes: [],
      edges: [],
    }
    const copy = copyDocument(original, new Set(['triage']))
    expect(copy).toEqual({ ...original, id: 'triage-copy', name: 'Copy of Ticket triage' })
  })
})
