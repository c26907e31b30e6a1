import { formatPath, type Diagnostic, type Severity } from '@conveyor/shared'

/** `FILE: error node "review" field nodes[2].data.mode: message`, then its hint on the next line. */
export function formatDiagnostic(file: string, diagnostic: Diagnostic): string {
  const where = [
    diagnostic.nodeId !== undefined ? `node "${diagnostic.nodeId}"` : '',
    diagnostic.edgeId !== undefined ? `edge "${diagnostic.edgeId}"` : '',
    diagnostic.path.length > 0 ? `field ${formatPath(diagnostic.path)}` : '',
  ].filter(Boolean)
  const head = [`${file}:`, diagnostic.severity, ...where].join(' ')
  return `${head}: ${diagnostic.message}\n  hint: ${diagnostic.hint}\n`
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`

/** `FILE: invalid, 2 errors, 1 warning` or `FILE: valid, no problems`. */
export function summaryLine(file: string, diagnostics: readonly Diagnostic[]): string {
  const count = (severity: Severity) =>
    diagnostics.filter((diagnostic) => diagnostic.severity === severity).length
  const errors = count('error')
  const counts = [
    errors > 0 ? plural(errors, 'error') : '',
    count('warning') > 0 ? plural(count('warning'), 'warning') : '',
    count('info') > 0 ? plural(count('info'), 'note') : '',
  ].filter(Boolean)
  return `${file}: ${errors > 0 ? 'invalid' : 'valid'}, ${counts.length > 0 ? counts.join(', ') : 'no problems'}\n`
}

/** Every diagnostic, then the summary line. */
export function formatReport(file: string, diagnostics: readonly Diagnostic[]): string {
  return (
    diagnostics.map((diagnostic) => formatDiagnostic(file, diagnostic)).join('') +
    summaryLine(file, diagnostics)
  )
}
