import type { BlockAnalysis, WorkflowGraph } from '../graph'
import type { WorkflowDocument, WorkflowNode } from '../model'
import type { DiagnosticCode } from './codes'
import type { DiagnosticDetails, DiagnosticPath } from './diagnostic'

/** What every graph check reads, and where it reports. */
export interface CheckContext {
  readonly document: WorkflowDocument
  readonly graph: WorkflowGraph
  /** How the document's forks and joins nest. */
  readonly blocks: BlockAnalysis
  /** Position of each node and edge in the document's arrays (first of each id). */
  readonly nodeIndex: ReadonlyMap<string, number>
  readonly edgeIndex: ReadonlyMap<string, number>
  readonly laneIds: ReadonlySet<string>
  /** Nodes reachable from a trigger. */
  readonly reachable: ReadonlySet<string>
  /**
   * Nodes given stand-in values for fields the schema refused (none when the document matches the
   * format): what they really hold, such as the fields they provide, is not known.
   */
  readonly standIns: ReadonlySet<string>
  report(code: DiagnosticCode, details: DiagnosticDetails): void
  /** `['nodes', i, ...rest]` for a node id. */
  nodePath(nodeId: string, ...rest: DiagnosticPath): DiagnosticPath
  edgePath(edgeId: string, ...rest: DiagnosticPath): DiagnosticPath
}

export type Check = (context: CheckContext) => void

/** How a node is named in messages: its label, and its id when the label differs. */
export function nameOf(node: WorkflowNode | undefined, fallbackId = ''): string {
  if (!node) return `"${fallbackId}"`
  return node.data.label === node.id ? `"${node.id}"` : `"${node.data.label}" (${node.id})`
}
