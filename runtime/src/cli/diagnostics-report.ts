import { formatPath, mapProblems, setupItems, type Diagnostic } from '@conveyor/shared'

/** A run-level error is not wrong on the map, only not set up yet: it reads "to set up". */
function tagOf(diagnostic: Diagnostic): string {
  return diagnostic.severity === 'error' && diagnostic.level === 'run' ? 'to set up' : diagnostic.severity
}

/** `FILE: error node "review" field nodes[2].data.mode: message`, then its hint on the next line. */
export function formatDiagnostic(file: string, diagnostic: Diagnostic): string {
  const where = [
    diagnostic.nodeId !== undefined ? `node "${diagnostic.nodeId}"` : '',
    diagnostic.edgeId !== undefined ? `edge "${diagnostic.edgeId}"` : '',
    diagnostic.path.length > 0 ? `field ${formatPath(diagnostic.path)}` : '',
  ].filter(Boolean)
  const head = [`${file}:`, tagOf(diagnostic), ...where].join(' ')
  return `${head}: ${diagnostic.message}\n  hint: ${diagnostic.hint}\n`
}

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`

export interface ReportOptions {
  /** Whether the document must be ready to run (deploy, compile, `validate --ready`), not only a complete map. */
  ready?: boolean
}

/**
 * `FILE: invalid, 2 errors, 1 warning` when the map has problems, `FILE: complete map, 3 things to
 * set up` (or `not ready to run, …` when it must be ready), or `FILE: valid, no problems`.
 */
export function summaryLine(
  file: string,
  diagnostics: readonly Diagnostic[],
  { ready = false }: ReportOptions = {},
): string {
  const count = (severity: Diagnostic['severity']) =>
    diagnostics.filter((diagnostic) => diagnostic.severity === severity).length
  const errors = mapProblems(diagnostics).length
  const setup = setupItems(diagnostics).length
  const counts = [
    errors > 0 ? plural(errors, 'error') : '',
    setup > 0 ? plural(setup, 'thing to set up', 'things to set up') : '',
    count('warning') > 0 ? plural(count('warning'), 'warning') : '',
    count('info') > 0 ? plural(count('info'), 'note') : '',
  ].filter(Boolean)
  const status = errors > 0 ? 'invalid' : setup === 0 ? 'valid' : ready ? 'not ready to run' : 'complete map'
  return `${file}: ${status}, ${counts.length > 0 ? counts.join(', ') : 'no problems'}\n`
}

/** Every diagnostic, then the summary line. */
export function formatReport(
  file: string,
  diagnostics: readonly Diagnostic[],
  options: ReportOptions = {},
): string {
  return (
    diagnostics.map((diagnostic) => formatDiagnostic(file, diagnostic)).join('') +
    summaryLine(file, diagnostics, options)
  )
}
