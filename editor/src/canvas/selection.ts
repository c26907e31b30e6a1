export interface Selection {
  nodes: ReadonlySet<string>
  edges: ReadonlySet<string>
}

export const emptySelection: Selection = { nodes: new Set(), edges: new Set() }

export function selectOnly(nodeIds: string[], edgeIds: string[] = []): Selection {
  return { nodes: new Set(nodeIds), edges: new Set(edgeIds) }
}

/** Applies React Flow's select changes: `{ id, selected }` for nodes or edges. */
export function withSelected(
  selection: Selection,
  kind: 'nodes' | 'edges',
  changes: Array<{ id: string; selected: boolean }>,
): Selection {
  if (changes.length === 0) return selection
  const next = new Set(selection[kind])
  for (const change of changes) {
    if (change.selected) next.add(change.id)
    else next.delete(change.id)
  }
  return { ...selection, [kind]: next }
}
