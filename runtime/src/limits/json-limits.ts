/**
 * Every JSON value the runtime accepts or stores (request bodies, webhook bodies, connector
 * responses, task data, incident results, instance input) is held to these limits before any
 * work is done with it. Deep nesting is what breaks recursive code (`JSON.stringify`, XState's
 * snapshot cloning) with a stack overflow; size is what fills memory and the store.
 */
export const jsonLimits = {
  maxDepth: 64,
  maxBytes: 1024 * 1024,
  /** All of one instance's data together, as stored with its state and given to its expressions. */
  maxStateBytes: 4 * 1024 * 1024,
} as const

export type JsonLimit = 'depth' | 'size'

/** A value over a limit; `message` names the value, the limit and where it was passed. */
export class JsonLimitError extends Error {
  constructor(
    readonly limit: JsonLimit,
    message: string,
  ) {
    super(message)
    this.name = 'JsonLimitError'
  }
}

const pathStep = (key: string | number): string =>
  typeof key === 'number'
    ? `[${key}]`
    : /^[A-Za-z_$][\w$]*$/.test(key)
      ? `.${key}`
      : `[${JSON.stringify(key)}]`

/** The path of the first value nested deeper than `maxDepth`, or undefined. Iterative: any depth is safe. */
export function pathTooDeep(value: unknown, maxDepth: number = jsonLimits.maxDepth): string | undefined {
  const stack: Array<{ value: unknown; depth: number; path: string }> = [{ value, depth: 0, path: '' }]
  while (stack.length > 0) {
    const { value: current, depth, path } = stack.pop()!
    if (typeof current !== 'object' || current === null) continue
    if (depth >= maxDepth) return path
    if (Array.isArray(current)) {
      current.forEach((item, index) =>
        stack.push({ value: item, depth: depth + 1, path: path + pathStep(index) }),
      )
    } else {
      for (const [key, item] of Object.entries(current))
        stack.push({ value: item, depth: depth + 1, path: path + pathStep(key) })
    }
  }
  return undefined
}

/** Where JSON text first opens more than `maxDepth` arrays or objects, as 1-based line and column. */
export function textTooDeep(
  text: string,
  maxDepth: number = jsonLimits.maxDepth,
): { line: number; column: number } | undefined {
  let depth = 0
  let inString = false
  let line = 1
  let lineStart = 0
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i)
    if (inString) {
      if (char === 0x5c /* \ */) i++
      else if (char === 0x22 /* " */) inString = false
      continue
    }
    if (char === 0x22) inString = true
    else if (char === 0x7b /* { */ || char === 0x5b /* [ */) {
      if (++depth > maxDepth) return { line, column: i - lineStart + 1 }
    } else if (char === 0x7d /* } */ || char === 0x5d /* ] */) depth--
    else if (char === 0x0a /* \n */) {
      line++
      lineStart = i + 1
    }
  }
  return undefined
}

export const mebibytes = (bytes: number) => `${bytes / (1024 * 1024)} MiB`

/** Throws JsonLimitError when `value` (called `what` in the message) nests deeper than the limit. */
export function assertDepthWithin(
  value: unknown,
  what: string,
  maxDepth: number = jsonLimits.maxDepth,
): void {
  const deep = pathTooDeep(value, maxDepth)
  if (deep !== undefined) {
    throw new JsonLimitError(
      'depth',
      `${what} nests deeper than ${maxDepth} levels (the limit), at ${what}${deep}`,
    )
  }
}

/** Throws JsonLimitError when the JSON text of `what` is larger than the limit. */
export function assertSizeWithin(text: string, what: string, maxBytes: number = jsonLimits.maxBytes): void {
  if (text.length > maxBytes || Buffer.byteLength(text) > maxBytes) {
    throw new JsonLimitError('size', `${what} is larger than ${mebibytes(maxBytes)} (the limit)`)
  }
}

/** Checks `value` against both limits and returns its JSON text. */
export function jsonWithinLimits(value: unknown, what: string, limits = jsonLimits): string | undefined {
  assertDepthWithin(value, what, limits.maxDepth)
  const text = JSON.stringify(value)
  if (text !== undefined) assertSizeWithin(text, what, limits.maxBytes)
  return text
}
