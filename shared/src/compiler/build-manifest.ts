import type { WorkflowGraph } from '../graph'
import { RetryPolicy, type WorkflowDocument, type WorkflowNode } from '../model'
import { canonical } from './canonical-json'
import type { Manifest, ManifestNode, StepManifest } from './compiled'

/** Filled in when a step leaves its retry policy out. */
const defaultRetry = RetryPolicy.parse({})

/** What the runner needs to act on each node, with every default filled in. */
export function buildManifest(
  document: WorkflowDocument,
  graph: WorkflowGraph,
  joinOfFork: ReadonlyMap<string, string>,
): Manifest {
  const forkOfJoin = new Map<string, string>()
  for (const [fork, join] of joinOfFork) forkOfJoin.set(join, fork)
  const nodes: Record<string, ManifestNode> = {}
  for (const id of [...graph.nodes.keys()].sort()) {
    nodes[id] = canonical(manifestNode(graph.nodes.get(id)!, graph, joinOfFork, forkOfJoin))
  }
  const triggers = document.nodes.filter((node) => node.type === 'trigger').map((node) => node.id)
  const lanes: Manifest['lanes'] = {}
  for (const lane of [...document.lanes].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    lanes[lane.id] = { name: lane.name, kind: lane.kind }
  }
  return { nodes, lanes, triggers }
}

function manifestNode(
  node: WorkflowNode,
  graph: WorkflowGraph,
  joinOfFork: ReadonlyMap<string, string>,
  forkOfJoin: ReadonlyMap<string, string>,
): ManifestNode {
  const base = { label: node.data.label, lane: node.data.lane }
  switch (node.type) {
    case 'trigger':
      return { kind: 'trigger', ...base, start: node.data.start, input: node.data.input }
    case 'step':
      return stepManifest(node, base, graph)
    case 'decision': {
      const { decidedBy, question, branches, defaultBranch, sla } = node.data
      return { kind: 'decision', ...base, decidedBy, question, branches, defaultBranch, sla }
    }
    case 'exception':
      return {
        kind: 'exception',
        ...base,
        attachedTo: node.data.attachedTo,
        on: node.data.on,
        handling: node.data.handling,
      }
    case 'fork':
      return { kind: 'fork', ...base, join: joinOfFork.get(node.id)! }
    case 'join':
      return { kind: 'join', ...base, fork: forkOfJoin.get(node.id)! }
    case 'end':
      return { kind: 'end', ...base, outcome: node.data.outcome }
  }
}

function stepManifest(
  node: Extract<WorkflowNode, { type: 'step' }>,
  base: { label: string; lane: string | undefined },
  graph: WorkflowGraph,
): StepManifest {
  const { mode, automate, augment, human, sla, saveAs, output } = node.data
  const exceptions: StepManifest['exceptions'] = {}
  for (const exceptionId of graph.exceptionsOf.get(node.id) ?? []) {
    const exception = graph.nodes.get(exceptionId)
    if (exception?.type === 'exception') exceptions[exception.data.on] = exception.id
  }
  return {
    kind: 'step',
    ...base,
    mode,
    automate:
      mode === 'automate' && automate ? { ...automate, retry: automate.retry ?? defaultRetry } : undefined,
    assistant: mode === 'augment' ? augment?.assistant : undefined,
    form: mode === 'human' ? (human?.form ?? { fields: [] }) : mode === 'augment' ? augment?.form : undefined,
    sla,
    saveAs,
    output,
    exceptions,
  }
}
