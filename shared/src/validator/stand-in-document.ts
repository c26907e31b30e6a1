import type { z } from 'zod'
import { WorkflowDocument } from '../model'
import { ownerOf } from './schema-issues'

type Issue = z.core.$ZodIssue
type Key = string | number

/** A document that matches the format once the fields the schema refused were given stand-in values. */
export interface StandInDocument {
  document: WorkflowDocument
  /** Nodes and connections that carry a stand-in: what the flow checks say of them is not about the draft. */
  nodeIds: Set<string>
  edgeIds: Set<string>
}

const maxRounds = 4
const noStandIn = Symbol('no stand-in')

/**
 * While someone types, one field is often not yet valid (a name cleared, a duration half-written):
 * the schema refuses the whole document, and without this the flow checks would go quiet until the
 * field is fixed, hiding every other problem. The refused fields get placeholder values that
 * satisfy the schema so the flow can still be checked. Returns undefined when some issue has no
 * safe stand-in (an id, a list that is too short, a rule of the schema's own): then only the
 * schema's findings are reported, as before.
 */
export function standInDocument(input: unknown, issues: readonly Issue[]): StandInDocument | undefined {
  const draft = structuredClone(input) as Record<string, unknown>
  const nodeIds = new Set<string>()
  const edgeIds = new Set<string>()
  let pending = issues
  for (let round = 0; round < maxRounds; round++) {
    for (const issue of pending) {
      const path = issue.path.filter((key): key is Key => typeof key !== 'symbol')
      if (!standIn(draft, path, issue)) return undefined
      const { nodeId, edgeId } = ownerOf(path, draft)
      if (nodeId) nodeIds.add(nodeId)
      if (edgeId) edgeIds.add(edgeId)
    }
    const parsed = WorkflowDocument.safeParse(draft)
    if (parsed.success) return { document: parsed.data, nodeIds, edgeIds }
    pending = parsed.error.issues
  }
  return undefined
}

function standIn(draft: Record<string, unknown>, path: Key[], issue: Issue): boolean {
  if (path.at(-1) === 'id') return false // others refer to it: no placeholder keeps the flow as drawn
  if (issue.code === 'unrecognized_keys') {
    const owner = valueAt(draft, path)
    if (!isRecord(owner)) return false
    for (const key of issue.keys) delete owner[key]
    return true
  }
  const current = valueAt(draft, path)
  const value = replacementFor(issue, current)
  if (value === noStandIn) return false
  return setAt(draft, path, value)
}

function replacementFor(issue: Issue, current: unknown): unknown {
  switch (issue.code) {
    case 'invalid_type':
      return byType[issue.expected] ?? noStandIn
    case 'too_small':
      if (issue.origin === 'string') return 'x'.repeat(Math.max(1, Number(issue.minimum)))
      if (issue.origin === 'number') return Number(issue.minimum) + (issue.inclusive ? 0 : 1)
      return noStandIn
    case 'too_big':
      if (issue.origin === 'string' && typeof current === 'string')
        return current.slice(0, Number(issue.maximum))
      if (issue.origin === 'number') return Number(issue.maximum) - (issue.inclusive ? 0 : 1)
      return noStandIn
    case 'invalid_format': {
      const pattern = 'pattern' in issue && typeof issue.pattern === 'string' ? regExpOf(issue.pattern) : null
      return formatSamples.find((sample) => pattern?.test(sample)) ?? noStandIn
    }
    case 'invalid_value':
      return issue.values.length > 0 ? issue.values[0] : noStandIn
    default:
      return noStandIn
  }
}

const byType: Partial<Record<string, unknown>> = {
  string: 'x',
  number: 0,
  int: 0,
  boolean: false,
  array: [],
  object: {},
}

/** Values that satisfy the formats the workflow schema uses (durations, names). */
const formatSamples = ['1h', 'x']

/** Zod reports a pattern as the RegExp's source text, slashes and flags included. */
function regExpOf(pattern: string): RegExp | null {
  const literal = /^\/(.*)\/([a-z]*)$/s.exec(pattern)
  try {
    return literal ? new RegExp(literal[1]!, literal[2]) : new RegExp(pattern)
  } catch {
    return null
  }
}

function isRecord(value: unknown): value is Record<Key, unknown> {
  return typeof value === 'object' && value !== null
}

function valueAt(root: unknown, path: Key[]): unknown {
  let current = root
  for (const key of path) {
    if (!isRecord(current)) return undefined
    current = current[key]
  }
  return current
}

function setAt(root: Record<string, unknown>, path: Key[], value: unknown): boolean {
  if (path.length === 0) return false
  const parent = valueAt(root, path.slice(0, -1))
  if (!isRecord(parent)) return false
  parent[path.at(-1)!] = value
  return true
}
