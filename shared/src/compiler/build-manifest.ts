import type { WorkflowGraph } from '../graph'
import { RetryPolicy, type Connector, type WorkflowDocument, type WorkflowNode } from '../model'
import { canonical, withoutUndefined } from './canonical-json'
import type { Manifest, ManifestNode, StepManifest } from './compiled'
import { stepExceptions } from './step-exceptions'

/** Filled in when a step leaves its retry policy out. */
const defaultRetry = RetryPolicy.parse({})

/**
 * What the runner needs to act on each node, with every default filled in. Parts copied from the
 * document come from the schema's parse, whose objects list their keys in schema order; only
 * free-form records (a connector's headers) are sorted here.
 */
export function buildManifest(
  document: WorkflowDocument,
  graph: WorkflowGraph,
  joinOfFork: ReadonlyMap<string, string>,
): Manifest {
  const forkOfJoin = new Map<string, string>()
  for (const [fork, join] of joinOfFork) forkOfJoin.set(join, fork)
  const nodes: Record<string, ManifestNode> = {}
  for (const id of [...graph.nodes.keys()].sort()) {
    nodes[id] = withoutUndefined(manifestNode(graph.nodes.get(id)!, graph, joinOfFork, forkOfJoin))
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
  const { mode, automate, augment, human, sla, saveAs, output, caseFields } = node.data
  const exceptions: StepManifest['exceptions'] = Object.fromEntries(stepExceptions(graph, node.id))
  return {
    kind: 'step',
    ...base,
    mode,
    automate:
      mode === 'automate' && automate
        ? {
            ...automate,
            connector: withSortedHeaders(automate.connector),
            retry: automate.retry ?? defaultRetry,
          }
        : undefined,
    assistant: mode === 'augment' ? augment?.assistant : undefined,
    form: mode === 'human' ? (human?.form ?? { fields: [] }) : mode === 'augment' ? augment?.form : undefined,
    sla,
    saveAs,
    output,
    caseFields: mode === 'automate' ? undefined : caseFields,
    exceptions,
  }
}

/** Headers are a free-form record, kept in the order they were typed; sort them for stable bytes. */
function withSortedHeaders(connector: Connector): Connector {
  if (connector.kind !== 'http' || !connector.headers) return connector
  return { ...connector, headers: canonical(connector.headers) }
}
