import { outgoingEdges, type BlockAnalysis, type WorkflowGraph } from '../graph'
import { machineStateOf, type MachineContext } from '../kinds'
import {
  cancelledStateKey,
  joinedStateId,
  joinedStateKey,
  startStateKey,
  type MachineConfigJson,
  type StateNodeJson,
} from './compiled'

/**
 * Builds the XState machine config of a valid document (see compiled.ts for its meaning). Each
 * node becomes a state with `id` = node id, shaped by its kind's machine rule; a node inside a parallel branch is placed in its
 * branch's region, every other node at the top.
 */
export function buildMachine(
  workflowId: string,
  graph: WorkflowGraph,
  blocks: BlockAnalysis,
): MachineConfigJson {
  // Node states are added in id order, so the output never depends on the order nodes were drawn in.
  const nodes = [...graph.nodes.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  const triggers = nodes.filter((node) => node.type === 'trigger')
  const top: Record<string, StateNodeJson> = {
    [startStateKey]: {
      id: startStateKey,
      on: {
        START: triggers.map((trigger) => ({
          target: `#${trigger.id}`,
          guard: { type: 'triggeredBy', params: { trigger: trigger.id } },
          actions: [{ type: 'startWith' }],
        })),
      },
    },
    [cancelledStateKey]: { id: cancelledStateKey, type: 'final' },
  }
  const regionStates = new Map<string, Record<string, StateNodeJson>>()
  const joinOf = (fork: string) => blocks.blocks.get(fork)!.join!

  for (const block of blocks.blocks.values()) {
    for (const region of block.regions)
      regionStates.set(region.edgeId, { [joinedStateKey]: joinedState(region.edgeId) })
  }
  const target = (from: string, to: string): string => {
    const region = blocks.regionOf.get(from)
    return region && joinOf(region.fork) === to ? `#${joinedStateId(region.edgeId)}` : `#${to}`
  }

  const context: MachineContext = {
    graph,
    blocks,
    target,
    next: (nodeId) => target(nodeId, outgoingEdges(graph, nodeId)[0]!.target),
    regionStates: (edgeId) => regionStates.get(edgeId)!,
  }
  for (const node of nodes) {
    const state: StateNodeJson = { id: node.id, meta: { kind: node.type }, ...machineStateOf(node, context) }
    const region = blocks.regionOf.get(node.id)
    const container = region ? regionStates.get(region.edgeId)! : top
    container[node.id] = state
  }

  return {
    id: workflowId,
    initial: startStateKey,
    context: { data: {} },
    states: top,
    on: { CANCEL: { target: `#${cancelledStateKey}` } },
  }
}

function joinedState(edgeId: string): StateNodeJson {
  return { id: joinedStateId(edgeId), type: 'final' }
}
