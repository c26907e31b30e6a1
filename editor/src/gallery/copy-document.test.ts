import { describe, expect, it } from 'vitest'
import { Id } from '@conveyor/shared'
import { copyDocument, copyId, idFromName } from './copy-document'

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

describe('idFromName', () => {
  it('turns a name into a valid id', () => {
    expect(idFromName('Invoice intake (EU)', new Set())).toBe('invoice-intake-eu')
    expect(idFromName('2024 Refunds', new Set())).toBe('refunds')
    expect(idFromName('!!!', new Set())).toBe('workflow')
  })

  it('numbers a name that is taken', () => {
    expect(idFromName('Refunds', new Set(['refunds', 'refunds-2']))).toBe('refunds-3')
  })

  it('always produces an id the model accepts', () => {
    for (const name of ['Ünïcödé flow', 'a'.repeat(100), '--x--', 'Hello   World']) {
      expect(Id.safeParse(idFromName(name, new Set())).success, name).toBe(true)
    }
  })
})
