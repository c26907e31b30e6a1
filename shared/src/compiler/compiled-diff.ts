import { canonical } from './canonical-json'
import type { CompiledWorkflow, ManifestNode, StateNodeJson } from './compiled'

/** A node as a deploy's reviewer reads it: its id, kind and the name people gave it. */
export interface DiffNode {
  id: string
  kind: ManifestNode['kind']
  label: string
}

export interface ChangedNode extends DiffNode {
  /** What changed: the manifest fields that differ (`automate`, `form`…) and `transitions`. */
  what: string[]
}

/** What a deploy changes, node by node, against the version running now. */
export interface CompiledDiff {
  added: DiffNode[]
  removed: DiffNode[]
  changed: ChangedNode[]
}

/**
 * The difference between two compiled versions, by node id (the same id on the canvas and in the
 * machine). Without a version before it (a first deploy) every node is added. A node counts as
 * changed when its manifest entry (what the runtime does there) or its state (where it leads)
 * differs; layout and other drawing-only edits compile to nothing and so never show.
 */
export function diffCompiled(
  before: CompiledWorkflow | undefined,
  after: CompiledWorkflow,
  /** Node ids in the order people drew them (the documents'); the compiled order is by id. */
  nodeOrder: readonly string[] = [],
): CompiledDiff {
  const old = before?.manifest.nodes ?? {}
  const now = after.manifest.nodes
  const diff: CompiledDiff = { added: [], removed: [], changed: [] }
  for (const [id, node] of Object.entries(now)) {
    const previous = old[id]
    if (!previous) {
      diff.added.push(diffNode(id, node))
      continue
    }
    const what = changedFields(previous, node)
    if (json(ownState(before, id)) !== json(ownState(after, id))) what.push('transitions')
    if (what.length > 0) diff.changed.push({ ...diffNode(id, node), what })
  }
  for (const [id, node] of Object.entries(old)) if (!now[id]) diff.removed.push(diffNode(id, node))
  const rank = new Map(nodeOrder.map((id, index) => [id, index]))
  const byOrder = (a: DiffNode, b: DiffNode) =>
    (rank.get(a.id) ?? Infinity) - (rank.get(b.id) ?? Infinity) || (a.id < b.id ? -1 : 1)
  return {
    added: diff.added.sort(byOrder),
    removed: diff.removed.sort(byOrder),
    changed: diff.changed.sort(byOrder),
  }
}

/** One plain sentence per change, as a reviewer reads them: "Added step 'Pay out'". */
export function describeCompiledDiff(diff: CompiledDiff): string[] {
  return [
    ...diff.added.map((node) => `Added ${node.kind} '${node.label}'`),
    ...diff.changed.map((node) => `Changed '${node.label}' (${node.what.join(', ')})`),
    ...diff.removed.map((node) => `Removed ${node.kind} '${node.label}'`),
  ]
}

export function isEmptyDiff(diff: CompiledDiff): boolean {
  return diff.added.length + diff.removed.length + diff.changed.length === 0
}

function diffNode(id: string, node: ManifestNode): DiffNode {
  return { id, kind: node.kind, label: node.label }
}

function changedFields(before: ManifestNode, after: ManifestNode): string[] {
  const a = before as unknown as Record<string, unknown>
  const b = after as unknown as Record<string, unknown>
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()
  return keys.filter((key) => json(a[key] ?? null) !== json(b[key] ?? null))
}

/**
 * A node's machine state without the states inside it (a fork's regions hold other nodes, whose
 * changes are their own), wherever it sits.
 */
function ownState(compiled: CompiledWorkflow | undefined, id: string): StateNodeJson | null {
  const state = compiled && stateOf(compiled, id)
  return state ? { ...state, states: undefined } : null
}

function stateOf(compiled: CompiledWorkflow, id: string): StateNodeJson | undefined {
  const search = (states: Record<string, StateNodeJson> | undefined): StateNodeJson | undefined => {
    if (!states) return undefined
    if (states[id]) return states[id]
    for (const state of Object.values(states)) {
      const found = search(state.states)
      if (found) return found
    }
    return undefined
  }
  return search(compiled.machine.states)
}

const json = (value: unknown): string => JSON.stringify(canonical(value))
