/**
 * One line of a step's history: a switch to manual or back, an autonomy change, proposal,
 * decline or demotion, or a pilot of the workflow, told in words with the figures behind it.
 */
export interface StepHistoryLine {
  /** The audit row it tells (`GET /api/audit` has its full detail). */
  seq: number
  at: string
  /** Who, as people read it: `alice`, or `Conveyor` for what the runtime did by itself. */
  by: string
  /** The audit action, for styling and filtering: `step.switched-to-manual`, `autonomy.demoted`… */
  action: string
  /** What happened and why, with the figures: "Demoted from Auto-apply to Suggest: 3 of the last 5…". */
  text: string
}

/** A step's history, newest first. */
export interface StepHistory {
  workflowId: string
  nodeId: string
  items: StepHistoryLine[]
}
