import { diagnose, positionAt } from './diagnostic'
import { validateDocument, type ValidationResult } from './validate-document'

/** Reads a workflow document from JSON text and validates it. Never throws. */
export function parseDocumentJson(text: string): ValidationResult {
  // Some editors start UTF-8 files with a byte-order mark, which JSON does not allow.
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text
  let input: unknown
  try {
    input = JSON.parse(body)
  } catch (error) {
    const raw = error instanceof Error ? error.message : String(error)
    const position = positionAt(body, errorOffset(raw, body))
    const reason = raw
      .replace(/\s*(in JSON )?at position \d+.*$/s, '')
      .replace(/\s*\(line \d+ column \d+\)$/, '')
    return {
      diagnostics: [
        diagnose('document.not-json', {
          message: `This is not valid JSON: ${reason} (line ${position.line}, column ${position.column}).`,
          position,
        }),
      ],
    }
  }
  return validateDocument(input)
}

/** JavaScript engines word JSON errors differently; they agree on naming a position or the end. */
function errorOffset(message: string, text: string): number {
  const lineColumn = /line (\d+) column (\d+)/.exec(message)
  if (lineColumn) {
    const lines = text.split('\n')
    const line = Math.min(Number(lineColumn[1]), lines.length)
    let offset = 0
    for (let i = 0; i < line - 1; i++) offset += lines[i]!.length + 1
    return offset + Number(lineColumn[2]) - 1
  }
  const position = /position (\d+)/.exec(message)
  if (position) return Number(position[1])
  return text.length
}
