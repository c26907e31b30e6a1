import { BpmnInputError } from './bpmn-input-error'

/**
 * What a BPMN file may be, checked on its text before it is parsed: large files and deep nesting
 * are what exhaust memory and stacks; a DOCTYPE is where entity bombs and external entities live,
 * and BPMN files never need one.
 */
export const bpmnLimits = {
  maxBytes: 5 * 1024 * 1024,
  maxDepth: 64,
  maxElements: 100_000,
} as const

const mebibytes = (bytes: number) => `${bytes / (1024 * 1024)} MiB`

function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++
    lineStart = i + 1
  }
  return { line, column: offset - lineStart + 1 }
}

/** Throws a BpmnInputError naming the limit (and where) when `text` breaks one. */
export function checkBpmnText(text: string, limits = bpmnLimits): void {
  if (text.length > limits.maxBytes || new TextEncoder().encode(text).length > limits.maxBytes) {
    throw new BpmnInputError(
      'too-large',
      `The BPMN file is larger than ${mebibytes(limits.maxBytes)} (the limit)`,
    )
  }
  const doctype = /<!DOCTYPE/i.exec(text)
  if (doctype) {
    const where = positionAt(text, doctype.index)
    throw new BpmnInputError(
      'doctype',
      `The file declares a DOCTYPE at line ${where.line}, column ${where.column}: BPMN files need none, and entity declarations are refused (they can expand without end or read local files)`,
      where,
    )
  }
  let depth = 0
  let elements = 0
  // Tags, skipping comments, CDATA and processing instructions, whose text may hold any `<`.
  const tag = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<(\/?)[^>]*?(\/?)>/g
  for (let match = tag.exec(text); match; match = tag.exec(text)) {
    const [whole, closing, selfClosing] = match
    if (whole.startsWith('<!') || whole.startsWith('<?')) continue
    if (closing) {
      depth--
      continue
    }
    if (++elements > limits.maxElements) {
      throw new BpmnInputError(
        'too-many-elements',
        `The BPMN file has more than ${limits.maxElements} elements (the limit)`,
      )
    }
    if (!selfClosing && ++depth > limits.maxDepth) {
      const where = positionAt(text, match.index)
      throw new BpmnInputError(
        'too-deep',
        `The BPMN file nests elements deeper than ${limits.maxDepth} levels (the limit), at line ${where.line}, column ${where.column}`,
        where,
      )
    }
  }
}
