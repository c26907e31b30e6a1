import { denseGraph } from './dense-graph'
import type { WorkflowGraph } from './workflow-graph'

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

/**
 * Cooper, Harvey & Kennedy's iterative algorithm over a reverse postorder (from a virtual root
 * whose successors are the starts), then an enter/leave numbering of the dominator tree so that
 * `dominates` is two comparisons.
 */
export function computeDominators(graph: WorkflowGraph, starts: readonly string[]): Dominators {
  const dense = denseGraph(graph)
  const { order, number } = postorder(dense, starts)
  const count = order.length + 1
  const root = count - 1

  // Predecessors by postorder number, in compressed rows; the root precedes every start.
  const predecessorCount = new Int32Array(count + 1)
  const eachEdge = (visit: (from: number, to: number) => void) => {
    for (let p = 0; p < order.length; p++) {
      const node = order[p]!
      for (let k = dense.nextStart[node]!; k < dense.nextStart[node + 1]!; k++)
        visit(p, number[dense.next[k]!]!)
    }
    for (const start of starts) {
      const i = dense.indexOf.get(start)
      if (i !== undefined && number[i]! >= 0) visit(root, number[i]!)
    }
  }
  eachEdge((_, to) => predecessorCount[to + 1]!++)
  for (let i = 0; i < count; i++) predecessorCount[i + 1]! += predecessorCount[i]!
  const predecessors = new Int32Array(predecessorCount[count]!)
  const fill = predecessorCount.slice(0, count)
  eachEdge((from, to) => (predecessors[fill[to]!++] = from))

  const idom = new Int32Array(count).fill(-1)
  idom[root] = root
  let changed = true
  while (changed) {
    changed = false
    for (let b = root - 1; b >= 0; b--) {
      let next = -1
      for (let k = predecessorCount[b]!; k < predecessorCount[b + 1]!; k++) {
        const p = predecessors[k]!
        if (idom[p] === -1) continue
        if (next === -1) {
          next = p
          continue
        }
        let x = p
        let y = next
        while (x !== y) {
          while (x < y) x = idom[x]!
          while (y < x) y = idom[y]!
        }
        next = x
      }
      if (next !== -1 && idom[b] !== next) {
        idom[b] = next
        changed = true
      }
    }
  }

  const { enter, leave, depth } = numberTree(idom, root)
  const numberOf = (id: string) => {
    const i = dense.indexOf.get(id)
    return i === undefined ? -1 : number[i]!
  }
  return {
    dominates(a, b) {
      const na = numberOf(a)
      const nb = numberOf(b)
      if (na < 0 || nb < 0) return false
      return enter[na]! <= enter[nb]! && leave[nb]! <= leave[na]!
    },
    immediateDominator(nodeId) {
      const n = numberOf(nodeId)
      if (n < 0 || idom[n] === root) return undefined
      return dense.ids[order[idom[n]!]!]
    },
    depth(nodeId) {
      const n = numberOf(nodeId)
      return n < 0 ? 0 : depth[n]!
    },
  }
}

/** Depth-first postorder of the nodes reachable from the starts: `order[p]` is a node, `number[node]` its p (or -1). */
function postorder(dense: ReturnType<typeof denseGraph>, starts: readonly string[]) {
  const size = dense.ids.length
  const number = new Int32Array(size).fill(-1)
  const visited = new Uint8Array(size)
  const order: number[] = []
  const stackNode = new Int32Array(size)
  const stackCursor = new Int32Array(size)
  for (const start of starts) {
    const s = dense.indexOf.get(start)
    if (s === undefined || visited[s]) continue
    let top = 0
    stackNode[0] = s
    stackCursor[0] = dense.nextStart[s]!
    visited[s] = 1
    while (top >= 0) {
      const node = stackNode[top]!
      const cursor = stackCursor[top]!
      if (cursor < dense.nextStart[node + 1]!) {
        stackCursor[top] = cursor + 1
        const child = dense.next[cursor]!
        if (!visited[child]) {
          visited[child] = 1
          top++
          stackNode[top] = child
          stackCursor[top] = dense.nextStart[child]!
        }
        continue
      }
      number[node] = order.length
      order.push(node)
      top--
    }
  }
  return { order, number }
}

/** Enter/leave times and depths of the dominator tree given by `idom`, walked from `root`. */
function numberTree(idom: Int32Array, root: number) {
  const count = idom.length
  const childStart = new Int32Array(count + 1)
  for (let b = 0; b < root; b++) if (idom[b]! >= 0) childStart[idom[b]! + 1]!++
  for (let i = 0; i < count; i++) childStart[i + 1]! += childStart[i]!
  const children = new Int32Array(childStart[count]!)
  const fill = childStart.slice(0, count)
  for (let b = 0; b < root; b++) if (idom[b]! >= 0) children[fill[idom[b]!]!++] = b

  const enter = new Int32Array(count)
  const leave = new Int32Array(count)
  const depth = new Int32Array(count)
  const stackNode = new Int32Array(count)
  const stackCursor = new Int32Array(count)
  let clock = 0
  let top = 0
  stackNode[0] = root
  stackCursor[0] = childStart[root]!
  enter[root] = clock++
  while (top >= 0) {
    const node = stackNode[top]!
    const cursor = stackCursor[top]!
    if (cursor < childStart[node + 1]!) {
      stackCursor[top] = cursor + 1
      const child = children[cursor]!
      enter[child] = clock++
      depth[child] = depth[node]! + 1
      top++
      stackNode[top] = child
      stackCursor[top] = childStart[child]!
    } else {
      leave[node] = clock++
      top--
    }
  }
  return { enter, leave, depth }
}
