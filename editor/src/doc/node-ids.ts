import type { WorkflowDocument } from '@conveyor/shared'

/** A fresh id like `step-4` that no node or edge of the document uses (ids are XState state ids). */
export function freshId(prefix: string, taken: Iterable<string>): string {
  const used = new Set(taken)
  const base = prefix.replace(/[^A-Za-z0-9_-]/g, '-').replace(/^[^A-Za-z]+/, '') || 'node'
  for (let n = 1; ; n++) {
    const id = `${base}-${n}`.slice(0, 64)
    if (!used.has(id)) return id
  }
}

export function idsOf(document: WorkflowDocument): string[] {
  return [...document.nodes.map((node) => node.id), ...document.edges.map((edge) => edge.id)]
}
