import { successorsOf, type WorkflowGraph } from './workflow-graph'

/**
 * Who dominates whom, from a set of start nodes: `a` dominates `b` when every way from a start to
 * `b` passes through `a`. Parallel branches are checked with it: a node belongs to a branch only
 * if the branch's first node dominates it.
 */
export interface Dominators {
  /** Reflexive; false when either node cannot be reached from the starts. */
  dominates(a: string, b: string): boolean
  /** The closest strict dominator; undefined for starts and unreachable nodes. */
  immediateDominator(nodeId: string): string | undefined
  /** Depth in the dominator tree (starts are 1); 0 when unreachable. */
  depth(nodeId: string): number
}

/** Cooper, Harvey & Kennedy's iterative algorithm over a reverse postorder, then a tree numbering. */
export function computeDominators(graph: WorkflowGraph, starts: readonly string[]): Dominators {
  const { ids, indexOf, successors } = postorder(graph, starts)
  const count = ids.length
  // Index i in `ids` is its postorder number; the virtual root is numbered last.
  const predecessors: number[][] = Array.from({ length: count }, () => [])
  for (let i = 0; i < count; i++) for (const s of successors[i]!) predecessors[s]!.push(i)

  const root = count - 1
  const idom = new Int32Array(count).fill(-1)
  idom[root] = root
  const intersect = (a: number, b: number): number => {
    while (a !== b) {
      while (a < b) a = idom[a]!
      while (b < a) b = idom[b]!
    }
    return a
  }
  let changed = true
  while (changed) {
    changed = false
    for (let b = root - 1; b >= 0; b--) {
      let next = -1
      for (const p of predecessors[b]!) {
        if (idom[p] === -1) continue
        next = next === -1 ? p : intersect(p, next)
      }
      if (next !== -1 && idom[b] !== next) {
        idom[b] = next
        changed = true
      }
    }
  }

  // Number the dominator tree (enter/leave times) so `dominates` is two comparisons.
  const children: number[][] = Array.from({ length: count }, () => [])
  for (let b = 0; b < root; b++) if (idom[b]! >= 0) children[idom[b]!]!.push(b)
  const enter = new Int32Array(count)
  const leave = new Int32Array(count)
  const depth = new Int32Array(count)
  let clock = 0
  const work: Array<[node: number, next: number]> = [[root, 0]]
  enter[root] = clock++
  while (work.length > 0) {
    const frame = work[work.length - 1]!
    const kids = children[frame[0]]!
    if (frame[1] < kids.length) {
      const child = kids[frame[1]++]!
      enter[child] = clock++
      depth[child] = depth[frame[0]]! + 1
      work.push([child, 0])
    } else {
      leave[frame[0]] = clock++
      work.pop()
    }
  }

  return {
    dominates(a, b) {
      const ia = indexOf.get(a)
      const ib = indexOf.get(b)
      if (ia === undefined || ib === undefined) return false
      return enter[ia]! <= enter[ib]! && leave[ib]! <= leave[ia]!
    },
    immediateDominator(nodeId) {
      const i = indexOf.get(nodeId)
      if (i === undefined) return undefined
      const parent = idom[i]!
      return parent === root || parent < 0 ? undefined : ids[parent]
    },
    depth(nodeId) {
      const i = indexOf.get(nodeId)
      return i === undefined ? 0 : depth[i]!
    },
  }
}

/** Depth-first postorder from a virtual root whose successors are the starts. */
function postorder(graph: WorkflowGraph, starts: readonly string[]) {
  const ids: string[] = []
  const indexOf = new Map<string, number>()
  const visited = new Set<string>()
  const successorIds: string[][] = []
  const work: Array<[id: string, next: number, children: readonly string[]]> = []
  const visit = (id: string) => {
    visited.add(id)
    work.push([id, 0, successorsOf(graph, id)])
  }
  for (const start of starts) {
    if (!graph.nodes.has(start) || visited.has(start)) continue
    visit(start)
    while (work.length > 0) {
      const frame = work[work.length - 1]!
      if (frame[1] < frame[2].length) {
        const next = frame[2][frame[1]++]!
        if (!visited.has(next)) visit(next)
        continue
      }
      work.pop()
      indexOf.set(frame[0], ids.length)
      ids.push(frame[0])
      successorIds.push([...frame[2]])
    }
  }
  const successors = successorIds.map((list) => list.map((id) => indexOf.get(id)!))
  ids.push('') // the virtual root
  successors.push(starts.filter((s) => indexOf.has(s)).map((s) => indexOf.get(s)!))
  return { ids, indexOf, successors }
}
