import type { WorkflowGraph } from '../graph'
import type { WorkflowDocument } from '../model'
import type { Calibration } from './calibration'
import type { Assumption } from './defaults'
import type { WhatIfRoute } from './model'
import type { WhatIfScenario } from './scenario'

/** What the per-kind rules read while a document becomes a model. */
export interface ModelContext {
  document: WorkflowDocument
  graph: WorkflowGraph
  scenario: WhatIfScenario
  /** Figures fitted from runs, which take the place of the typed-in facts. */
  calibration: Calibration | undefined
  /** Branches that meet at each join, by join id. */
  branchesAtJoin: Map<string, number>
  /** Lanes that people's work (or an escalation) is sent to. */
  lanesInUse: Set<string>
  assume(assumption: Assumption): void
  nameOf(nodeId: string): string
  /** Where a node's one exit leads, or how items end when it leads nowhere. */
  onward(nodeId: string, otherwise: 'completed' | 'failed'): WhatIfRoute
}
