import type { Diagnostic } from '../validator'

/** Thrown by `compileDocument` when the document has errors; carries them for display. */
export class CompileError extends Error {
  override readonly name = 'CompileError'
  readonly diagnostics: Diagnostic[]

  constructor(diagnostics: Diagnostic[]) {
    const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'error')
    const first = errors[0]?.message ?? 'the document is not valid'
    super(
      `The workflow cannot be compiled: ${first}${errors.length > 1 ? ` (and ${errors.length - 1} more problems)` : ''}`,
    )
    this.diagnostics = diagnostics
  }
}
