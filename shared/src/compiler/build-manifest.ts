import type { WorkflowGraph } from '../graph'
import { manifestOf } from '../kinds'
import { defaultFailuresInARow } from '../kinds/step/fallback'
import type { WorkflowDocument } from '../model'
import { withoutUndefined } from './canonical-json'
import type { Manifest, ManifestNode } from './compiled'

/**
 * What the runner needs to act on each node (its kind's manifest rule), with every default filled in. Parts copied from the
 * document come from the schema's parse, whose objects list their keys in schema order; only
 * free-form records (a connector's headers) are sorted, by the kind's rule.
 */
export function buildManifest(
  document: WorkflowDocument,
  graph: WorkflowGraph,
  joinOfFork: ReadonlyMap<string, string>,
): Manifest {
  const forkOfJoin = new Map<string, string>()
  for (const [fork, join] of joinOfFork) forkOfJoin.set(join, fork)
  const context = { graph, joinOfFork, forkOfJoin }
  const nodes: Record<string, ManifestNode> = {}
  for (const id of [...graph.nodes.keys()].sort()) {
    nodes[id] = withoutUndefined(manifestOf(graph.nodes.get(id)!, context))
  }
  const triggers = document.nodes.filter((node) => node.type === 'trigger').map((node) => node.id)
  const lanes: Manifest['lanes'] = {}
  for (const lane of [...document.lanes].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    lanes[lane.id] = { name: lane.name, kind: lane.kind }
  }
  const circuitBreaker = {
    failuresInARow: document.circuitBreaker?.failuresInARow ?? defaultFailuresInARow,
  }
  return { nodes, lanes, triggers, circuitBreaker }
}
