import type { Diagnostic, DiagnosticLevel } from './diagnostic'

/**
 * A diagram has two levels of done. Its map is complete when the flow is whole; it is ready to run
 * when, on top of that, everything it needs to run is set up. Everything that shows or acts on
 * either (the editor, the CLI, deploy) asks these functions, so they all draw the line in one place.
 */

/** The findings of one level, whatever their severity. */
export function atLevel(diagnostics: readonly Diagnostic[], level: DiagnosticLevel): Diagnostic[] {
  return diagnostics.filter((diagnostic) => diagnostic.level === level)
}

/** The errors that keep the diagram from being a complete map. */
export function mapProblems(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((diagnostic) => diagnostic.level === 'map' && diagnostic.severity === 'error')
}

/** What still has to be set up before the workflow can run (and be deployed). */
export function setupItems(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((diagnostic) => diagnostic.level === 'run' && diagnostic.severity === 'error')
}

/** The flow is whole: what the summary and the simulator need. */
export function isMapComplete(diagnostics: readonly Diagnostic[]): boolean {
  return mapProblems(diagnostics).length === 0
}

/** The map is complete and everything is set up: what deploying needs. */
export function isReadyToRun(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.every((diagnostic) => diagnostic.severity !== 'error')
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`

/**
 * Where the diagram stands, in one line: "3 problems on the map", "Map complete · 4 things to set
 * up before it can run", or "Map complete · ready to run". `short` leaves out "before it can run",
 * for where space is tight.
 */
export function describeReadiness(
  diagnostics: readonly Diagnostic[],
  { short = false }: { short?: boolean } = {},
): string {
  const problems = mapProblems(diagnostics).length
  if (problems > 0) return `${count(problems, 'problem', 'problems')} on the map`
  const setup = setupItems(diagnostics).length
  if (setup > 0)
    return `Map complete · ${count(setup, 'thing', 'things')} to set up${short ? '' : ' before it can run'}`
  return 'Map complete · ready to run'
}
