import type { z } from 'zod'
import { diagnose, formatPath, type Diagnostic, type DiagnosticPath } from './diagnostic'

type Issue = z.core.$ZodIssue

/** Turns the schema's findings into diagnostics worded for people, each naming its node or connection. */
export function schemaDiagnostics(issues: readonly Issue[], input: unknown): Diagnostic[] {
  return issues.map((issue) => {
    const path = issue.path.filter((key): key is string | number => typeof key !== 'symbol')
    const owner = ownerOf(path, input)
    const field = formatPath(owner.rest)
    const subject = owner.label ? `${owner.label}${field ? `, ${field}` : ''}` : field || 'The document'
    const { text, hint } = describe(issue)
    return diagnose('document.schema', {
      message: `${subject}: ${text}.`,
      path,
      ...(owner.nodeId ? { nodeId: owner.nodeId } : {}),
      ...(owner.edgeId ? { edgeId: owner.edgeId } : {}),
      ...(hint ? { hint } : {}),
    })
  })
}

export interface Owner {
  nodeId?: string
  edgeId?: string
  label?: string
  rest: DiagnosticPath
}

/** The node or connection a path inside the document points into, and the path within it. */
export function ownerOf(path: DiagnosticPath, input: unknown): Owner {
  const [list, index, ...rest] = path
  if ((list !== 'nodes' && list !== 'edges') || typeof index !== 'number') return { rest: path }
  const item = (input as Record<string, unknown[]> | undefined)?.[list]?.[index]
  const id = (item as { id?: unknown } | undefined)?.id
  const known = typeof id === 'string' && id.length > 0
  if (list === 'nodes') {
    return known ? { nodeId: id, label: `Node "${id}"`, rest } : { label: `Node ${index + 1}`, rest }
  }
  return known
    ? { edgeId: id, label: `Connection "${id}"`, rest }
    : { label: `Connection ${index + 1}`, rest }
}

const typeWords: Record<string, string> = {
  string: 'a text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object with fields',
  record: 'an object with fields',
}

function kindOf(value: unknown): string {
  if (value === null) return 'empty (null)'
  if (Array.isArray(value)) return 'a list'
  return typeWords[typeof value] ?? typeof value
}

const quoteAll = (values: readonly unknown[]) => values.map((value) => JSON.stringify(value)).join(', ')

function describe(issue: Issue): { text: string; hint?: string } {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return { text: 'is missing', hint: 'Fill in this field.' }
      return { text: `must be ${typeWords[issue.expected] ?? issue.expected}, not ${kindOf(issue.input)}` }
    case 'invalid_value':
      return {
        text: `must be one of ${quoteAll(issue.values)}${issue.input === undefined ? '' : `, not ${JSON.stringify(issue.input)}`}`,
        hint: 'Pick one of the listed values.',
      }
    case 'invalid_union':
      if (issue.discriminator && 'options' in issue && issue.options) {
        // The input reported is the whole object; the value at fault is its discriminator.
        const found = (issue.input as Record<string, unknown> | undefined)?.[issue.discriminator]
        return {
          text: `must be one of ${quoteAll(issue.options)}${found === undefined ? '' : `, not ${JSON.stringify(found)}`}`,
          hint: 'Pick one of the listed values.',
        }
      }
      return { text: 'does not match any of the accepted shapes' }
    case 'unrecognized_keys':
      return {
        text: `has ${issue.keys.length === 1 ? 'a field' : 'fields'} the workflow format does not know: ${issue.keys.join(', ')}`,
        hint: 'Remove the field, or check its spelling.',
      }
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) === 1)
        return { text: 'must not be empty', hint: 'Fill in this field.' }
      if (!issue.message.startsWith('Too small')) return { text: issue.message }
      return { text: `must be at least ${String(issue.minimum)}${unitOf(issue.origin)}` }
    case 'too_big':
      return { text: `must be at most ${String(issue.maximum)}${unitOf(issue.origin)}` }
    case 'invalid_format':
      return { text: issue.format === 'regex' ? issue.message : `must be a valid ${issue.format}` }
    default:
      return { text: issue.message }
  }
}

function unitOf(origin: string): string {
  if (origin === 'string') return ' characters'
  if (origin === 'array' || origin === 'set') return ' items'
  return ''
}
