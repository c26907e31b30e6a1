import type { KindSpec } from '../kind-spec'

/** Chooses one branch: by rules, by a person, or by a person confirming an assistant's pick. */
export const decisionSpec: KindSpec<'decision'> = {
  entries: { kind: 'any' },
  exits: { kind: 'per-branch' },
  branches: (node) => node.data.branches,
  attachesExceptions: false,
  measured: true,
  sendsDataOut: (node, { assistantCallsOutside }) =>
    node.data.decidedBy === 'assistant' && assistantCallsOutside,
  manifest: (node) => {
    const { label, lane, decidedBy, question, branches, defaultBranch, sla } = node.data
    return { kind: 'decision', label, lane, decidedBy, question, branches, defaultBranch, sla }
  },
  machine: (node, { graph, target }) => {
    const edgeOfBranch = new Map<string, string>()
    for (const edge of graph.outgoing.get(node.id) ?? []) {
      if (edge.sourceHandle) edgeOfBranch.set(edge.sourceHandle, edge.target)
    }
    return {
      on: {
        DECIDE: node.data.branches.map((branch) => ({
          target: target(node.id, edgeOfBranch.get(branch.id)!),
          guard: { type: 'isBranch', params: { nodeId: node.id, branch: branch.id } },
        })),
      },
    }
  },
  runClass: (node) => (node.decidedBy === 'rule' ? 'automatic' : 'person'),
  waitingEvents: (node, nodeId) =>
    node.branches.map((branch) => ({ type: 'DECIDE', nodeId, branch: branch.id })),
}
