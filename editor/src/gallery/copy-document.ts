import type { WorkflowDocument } from '@conveyor/shared'

const maxIdLength = 64

/** A free id for a copy: `invoice-copy`, then `invoice-copy-2`, … never longer than ids may be. */
export function copyId(id: string, takenIds: ReadonlySet<string>): string {
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? '-copy' : `-copy-${n}`
    const candidate = id.slice(0, maxIdLength - suffix.length) + suffix
    if (!takenIds.has(candidate)) return candidate
  }
}

/** The document a "Duplicate" stores: the same diagram under a new id and name. */
export function copyDocument(document: WorkflowDocument, takenIds: ReadonlySet<string>): WorkflowDocument {
  return { ...document, id: copyId(document.id, takenIds), name: `Copy of ${document.name}`.slice(0, 200) }
}
