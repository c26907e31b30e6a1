/**
 * What became of a BPMN element that Conveyor could not take over as it was:
 * - `approximated`: it is in the workflow, as the nearest thing Conveyor has;
 * - `dropped`: it is not in the workflow (its connections are joined up where it stood);
 * - `check`: it is in the workflow as written, but someone should read it (a condition in
 *   another expression language).
 */
export type BpmnImportOutcome = 'approximated' | 'dropped' | 'check'

export interface BpmnImportNote {
  /** The element's id in the BPMN file. */
  bpmnId: string
  /** Its BPMN type, e.g. `bpmn:SubProcess`. */
  bpmnType: string
  name?: string
  outcome: BpmnImportOutcome
  /** The node it became, when it became one. */
  nodeId?: string
  message: string
  hint: string
}

export interface BpmnImportReport {
  /** The tool that wrote the file, as it says (`Camunda Modeler`, `Signavio Process Editor`). */
  exporter?: string
  notes: BpmnImportNote[]
}
