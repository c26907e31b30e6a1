import { branchStateKey, joinedStateKey, type StateNodeJson } from '../../compiler/compiled'
import type { KindSpec } from '../kind-spec'

/**
 * Starts parallel work: a parallel state with one region per outgoing edge, each ending in a
 * final `$joined` state; the join follows the parallel state's `onDone`.
 */
export const forkSpec: KindSpec<'fork'> = {
  entries: { kind: 'any' },
  exits: { kind: 'many' },
  branches: () => [],
  attachesExceptions: false,
  measured: false,
  manifest: (node, { joinOfFork }) => ({
    kind: 'fork',
    label: node.data.label,
    lane: node.data.lane,
    join: joinOfFork.get(node.id)!,
  }),
  machine: (node, { blocks, target, regionStates }) => {
    const join = blocks.blocks.get(node.id)!.join!
    const regions: Record<string, StateNodeJson> = {}
    const byEdgeId = [...blocks.blocks.get(node.id)!.regions].sort((a, b) => (a.edgeId < b.edgeId ? -1 : 1))
    for (const region of byEdgeId) {
      const initial = region.start === join ? joinedStateKey : region.start
      regions[branchStateKey(region.edgeId)] = { initial, states: regionStates(region.edgeId) }
    }
    return { type: 'parallel', states: regions, onDone: { target: target(node.id, join) } }
  },
  runClass: () => 'idle',
  waitingEvents: () => [],
}
