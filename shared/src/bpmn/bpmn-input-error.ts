/** Why a file could not be read as BPMN: `code` for programs, `message` for people. */
export type BpmnInputProblem =
  'too-large' | 'too-deep' | 'too-many-elements' | 'doctype' | 'not-xml' | 'not-bpmn'

/** A BPMN file refused before or while it was read; nothing of it was kept. */
export class BpmnInputError extends Error {
  constructor(
    readonly problem: BpmnInputProblem,
    message: string,
    /** Where the parser stopped, 1-based, when it says. */
    readonly where?: { line: number; column: number },
  ) {
    super(message)
    this.name = 'BpmnInputError'
  }
}
