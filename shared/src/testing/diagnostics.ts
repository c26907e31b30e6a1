import type { DiagnosticCode } from '../validator/codes'
import type { Diagnostic } from '../validator/diagnostic'
import { validateDocument } from '../validator/validate-document'

/** The diagnostics of a document with the given code. */
export function diagnosticsWithCode(input: unknown, code: DiagnosticCode): Diagnostic[] {
  return validateDocument(input).diagnostics.filter((diagnostic) => diagnostic.code === code)
}

/** The codes of a document's error diagnostics, sorted. */
export function errorCodes(input: unknown): string[] {
  return validateDocument(input)
    .diagnostics.filter((diagnostic) => diagnostic.severity === 'error')
    .map((diagnostic) => diagnostic.code)
    .sort()
}
