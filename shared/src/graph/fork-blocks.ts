import { computeDominators } from './dominators'
import {
  incomingEdges,
  outgoingEdges,
  predecessorsOf,
  successorsOf,
  triggerIds,
  type WorkflowGraph,
} from './workflow-graph'

/** One parallel branch: the fork's outgoing edge and the nodes on it (nested blocks count as theirs). */
export interface ForkRegion {
  edgeId: string
  /** The first node of the branch; the join itself when the branch is empty. */
  start: string
  /** Nodes that belong to this branch directly, in the order they were found. */
  nodes: string[]
}

export interface ForkBlock {
  fork: string
  /** Undefined when the fork's branches do not meet at exactly one join. */
  join?: string
  regions: ForkRegion[]
}

export interface RegionRef {
  fork: string
  edgeId: string
}

export type BlockProblem =
  | { kind: 'no-join'; fork: string }
  | { kind: 'branch-without-join'; fork: string; edgeId: string }
  | { kind: 'joins-differ'; fork: string; joins: string[] }
  | { kind: 'branch-crossed'; fork: string; edgeId: string; nodeId: string }
  | { kind: 'join-entered-from-outside'; fork: string; join: string; edgeId: string }
  | { kind: 'join-shared'; join: string; forks: string[] }
  | { kind: 'join-without-fork'; join: string }

export interface BlockAnalysis {
  /** Every fork reachable from a trigger, by id. */
  blocks: Map<string, ForkBlock>
  /** The innermost branch each node sits in; nodes outside every fork are absent. */
  regionOf: Map<string, RegionRef>
  problems: BlockProblem[]
}

/**
 * Parallel work must be block-structured: each fork's branches stay apart and all meet at one
 * join, and nothing enters a branch from outside. A branch may still leave early for an end
 * node (which finishes the whole instance). Branch membership uses dominance: a node belongs to
 * a branch only when every way to it passes through the branch's first node.
 */
export function analyzeForks(graph: WorkflowGraph): BlockAnalysis {
  const dominators = computeDominators(graph, triggerIds(graph))
  const forks = [...graph.nodes.values()]
    .filter((node) => node.type === 'fork' && dominators.depth(node.id) > 0)
    .map((node) => node.id)
  // Inner forks first: a fork nested in a branch sits deeper in the dominator tree.
  forks.sort((a, b) => dominators.depth(b) - dominators.depth(a))

  const blocks = new Map<string, ForkBlock>()
  const regionOf = new Map<string, RegionRef>()
  const problems: BlockProblem[] = []
  const forksOfJoin = new Map<string, string[]>()
  const joinsReached = new Set<string>()
  // Nodes found in a branch that are also reached from outside it: reported once, and not
  // followed further, so their consequences are not reported again as other problems.
  const crossed = new Set<string>()

  for (const fork of forks) {
    const regions: ForkRegion[] = []
    const branchesAtJoin = new Map<string, Set<string>>()
    const incomplete = new Set<string>()

    for (const edge of outgoingEdges(graph, fork)) {
      const first = graph.nodes.get(edge.target)
      if (!first) continue
      const region: ForkRegion = { edgeId: edge.id, start: first.id, nodes: [] }
      regions.push(region)
      const ref: RegionRef = { fork, edgeId: edge.id }
      const nestedJoins = new Set<string>()
      const queue = [first.id]
      const queued = new Set(queue)
      for (let head = 0; head < queue.length; head++) {
        const id = queue[head]!
        const node = graph.nodes.get(id)!
        if (node.type === 'end') continue
        if (node.type === 'join' && !nestedJoins.has(id)) {
          let arrivals = branchesAtJoin.get(id)
          if (!arrivals) branchesAtJoin.set(id, (arrivals = new Set()))
          arrivals.add(edge.id)
          joinsReached.add(id)
          continue
        }
        if (regionOf.has(id) || !dominators.dominates(first.id, id)) {
          if (!crossed.has(id)) problems.push({ kind: 'branch-crossed', fork, edgeId: edge.id, nodeId: id })
          crossed.add(id)
          incomplete.add(edge.id)
          continue
        }
        regionOf.set(id, ref)
        region.nodes.push(id)
        let next = successorsOf(graph, id)
        if (node.type === 'fork') {
          // A nested block counts as one unit of this branch: carry on after its join.
          const join = blocks.get(id)?.join
          if (join) nestedJoins.add(join)
          else incomplete.add(edge.id)
          next = join ? [join] : []
        }
        for (const target of next) {
          if (!queued.has(target)) {
            queued.add(target)
            queue.push(target)
          }
        }
      }
      // The first node may be entered again from inside its own branch (a rework loop), but not from elsewhere.
      const enteredFromOutside = predecessorsOf(graph, first.id).some(
        (p) => p !== fork && (regionOf.get(p)?.edgeId !== edge.id || regionOf.get(p)?.fork !== fork),
      )
      if (regionOf.get(first.id) === ref && enteredFromOutside && !crossed.has(first.id)) {
        problems.push({ kind: 'branch-crossed', fork, edgeId: edge.id, nodeId: first.id })
        crossed.add(first.id)
        incomplete.add(edge.id)
      }
    }

    const joins = [...branchesAtJoin.keys()].sort()
    const block: ForkBlock = { fork, regions }
    blocks.set(fork, block)
    if (joins.length === 0) {
      if (incomplete.size === 0 && regions.length > 0) problems.push({ kind: 'no-join', fork })
      continue
    }
    if (joins.length > 1) {
      problems.push({ kind: 'joins-differ', fork, joins })
      continue
    }
    const join = joins[0]!
    block.join = join
    const arrived = branchesAtJoin.get(join)!
    for (const region of regions) {
      if (!arrived.has(region.edgeId) && !incomplete.has(region.edgeId)) {
        problems.push({ kind: 'branch-without-join', fork, edgeId: region.edgeId })
      }
    }
    for (const edge of incomingEdges(graph, join)) {
      if (!graph.nodes.has(edge.source) || crossed.has(edge.source)) continue
      const from = regionOf.get(edge.source)
      if (from?.fork !== fork && edge.source !== fork) {
        problems.push({ kind: 'join-entered-from-outside', fork, join, edgeId: edge.id })
      }
    }
    const sharing = forksOfJoin.get(join)
    if (sharing) sharing.push(fork)
    else forksOfJoin.set(join, [fork])
  }

  for (const [join, forksAtJoin] of forksOfJoin) {
    if (forksAtJoin.length > 1) problems.push({ kind: 'join-shared', join, forks: forksAtJoin.sort() })
  }
  for (const node of graph.nodes.values()) {
    if (
      node.type === 'join' &&
      dominators.depth(node.id) > 0 &&
      !joinsReached.has(node.id) &&
      crossed.size === 0
    ) {
      problems.push({ kind: 'join-without-fork', join: node.id })
    }
  }
  return { blocks, regionOf, problems }
}
