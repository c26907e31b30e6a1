import { diagnosticCodes, type DiagnosticCode, type DiagnosticLevel, type Severity } from './codes'

export type { DiagnosticLevel, Severity }
export type DiagnosticPath = Array<string | number>

/** One finding about a workflow document, shown on the canvas and returned by the CLI and the API. */
export interface Diagnostic {
  code: DiagnosticCode
  severity: Severity
  /** `map` findings keep the diagram from being a complete map; `run` ones are set up before it runs. */
  level: DiagnosticLevel
  nodeId?: string
  edgeId?: string
  /** Where in the document, e.g. `['nodes', 3, 'data', 'mode']`. */
  path: DiagnosticPath
  message: string
  hint: string
  /**
   * Where inside a text the problem is: in the JSON text for `document.not-json`, in the
   * expression at `path` for `expression.invalid` and `expression.unknown-field`. Line and
   * column count from 1.
   */
  position?: TextPosition
}

export interface TextPosition {
  offset: number
  line: number
  column: number
}

export interface DiagnosticDetails {
  message: string
  path?: DiagnosticPath
  nodeId?: string
  edgeId?: string
  position?: TextPosition
  /** Overrides the code's default advice when something more precise can be said. */
  hint?: string
}

export function diagnose(code: DiagnosticCode, details: DiagnosticDetails): Diagnostic {
  const info = diagnosticCodes[code]
  return {
    code,
    severity: info.severity,
    level: info.level,
    ...(details.nodeId !== undefined ? { nodeId: details.nodeId } : {}),
    ...(details.edgeId !== undefined ? { edgeId: details.edgeId } : {}),
    path: details.path ?? [],
    message: details.message,
    hint: details.hint ?? info.hint,
    ...(details.position ? { position: details.position } : {}),
  }
}

/** `['nodes', 3, 'data', 'mode']` → `nodes[3].data.mode`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = ''
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`
    else text += text === '' ? String(key) : `.${String(key)}`
  }
  return text
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((diagnostic) => diagnostic.severity === 'error')
}

/** The line and column (from 1) of a character offset in a text. */
export function positionAt(text: string, offset: number): TextPosition {
  const clamped = Math.max(0, Math.min(offset, text.length))
  let line = 1
  let lineStart = 0
  for (let i = 0; i < clamped; i++) {
    if (text.charCodeAt(i) === 10) {
      line++
      lineStart = i + 1
    }
  }
  return { offset: clamped, line, column: clamped - lineStart + 1 }
}
