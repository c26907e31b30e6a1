/** BPMN 2.0 in and out: `@conveyor/shared/bpmn`, kept apart so only what reads or writes BPMN loads its parser. */
export { importBpmn, type BpmnImport } from './bpmn/import-bpmn'
export { exportBpmn, jsonataLanguage } from './bpmn/export-bpmn'
export type { BpmnImportNote, BpmnImportOutcome, BpmnImportReport } from './bpmn/import-report'
export { BpmnInputError, type BpmnInputProblem } from './bpmn/bpmn-input-error'
export { bpmnLimits } from './bpmn/xml-limits'
