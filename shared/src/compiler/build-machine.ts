import { outgoingEdges, type BlockAnalysis, type WorkflowGraph } from '../graph'
import type { ExceptionOn, NodeOfKind, WorkflowNode } from '../model'
import {
  branchStateKey,
  cancelledStateKey,
  joinedStateId,
  joinedStateKey,
  startStateKey,
  type MachineConfigJson,
  type StateNodeJson,
  type TransitionJson,
} from './compiled'
import { stepExceptions } from './step-exceptions'

const failureEvents: Record<ExceptionOn, 'STEP_FAILED' | 'STEP_TIMEOUT' | 'STEP_REJECTED'> = {
  error: 'STEP_FAILED',
  timeout: 'STEP_TIMEOUT',
  rejection: 'STEP_REJECTED',
}

/**
 * Builds the XState machine config of a valid document (see compiled.ts for its meaning). Each
 * node becomes a state with `id` = node id; a node inside a parallel branch is placed in its
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

  for (const node of nodes) {
    const state = nodeState(node, graph, target)
    if (node.type === 'fork') {
      const regions: Record<string, StateNodeJson> = {}
      const byEdgeId = [...blocks.blocks.get(node.id)!.regions].sort((a, b) => (a.edgeId < b.edgeId ? -1 : 1))
      for (const region of byEdgeId) {
        const initial = region.start === joinOf(node.id) ? joinedStateKey : region.start
        regions[branchStateKey(region.edgeId)] = { initial, states: regionStates.get(region.edgeId)! }
      }
      state.type = 'parallel'
      state.states = regions
      state.onDone = { target: target(node.id, joinOf(node.id)) }
    }
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

function nodeState(
  node: WorkflowNode,
  graph: WorkflowGraph,
  target: (from: string, to: string) => string,
): StateNodeJson {
  const state: StateNodeJson = { id: node.id, meta: { kind: node.type } }
  const isNode = { type: 'isNode', params: { nodeId: node.id } }
  const next = () => target(node.id, outgoingEdges(graph, node.id)[0]!.target)
  switch (node.type) {
    case 'trigger':
    case 'exception':
    case 'join':
      state.on = { STEP_DONE: { target: next(), guard: isNode } }
      break
    case 'step':
      state.on = {
        STEP_DONE: { target: next(), guard: isNode, actions: [saveResult(node)] },
        ...failureTransitions(node, graph, target),
      }
      break
    case 'decision':
      state.on = { DECIDE: decisionTransitions(node, graph, target) }
      break
    case 'end':
      state.type = 'final'
      break
    case 'fork':
      break
  }
  return state
}

function saveResult(node: NodeOfKind<'step'>): NonNullable<TransitionJson['actions']>[number] {
  const params: Record<string, unknown> = { nodeId: node.id }
  if (node.data.saveAs !== undefined) params.saveAs = node.data.saveAs
  return { type: 'saveResult', params }
}

function failureTransitions(
  node: NodeOfKind<'step'>,
  graph: WorkflowGraph,
  target: (from: string, to: string) => string,
): Record<string, TransitionJson> {
  const transitions: Record<string, TransitionJson> = {}
  for (const [on, exceptionId] of stepExceptions(graph, node.id)) {
    transitions[failureEvents[on]] = {
      target: target(node.id, exceptionId),
      guard: { type: 'isNode', params: { nodeId: node.id } },
    }
  }
  return transitions
}

function decisionTransitions(
  node: NodeOfKind<'decision'>,
  graph: WorkflowGraph,
  target: (from: string, to: string) => string,
): TransitionJson[] {
  const edgeOfBranch = new Map<string, string>()
  for (const edge of outgoingEdges(graph, node.id)) {
    if (edge.sourceHandle) edgeOfBranch.set(edge.sourceHandle, edge.target)
  }
  return node.data.branches.map((branch) => ({
    target: target(node.id, edgeOfBranch.get(branch.id)!),
    guard: { type: 'isBranch', params: { nodeId: node.id, branch: branch.id } },
  }))
}

function joinedState(edgeId: string): StateNodeJson {
  return { id: joinedStateId(edgeId), type: 'final' }
}
