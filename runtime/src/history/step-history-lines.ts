import type { AuditEntry } from '@conveyor/shared/protocol/api'
import type { StepHistoryLine } from '@conveyor/shared/protocol/step-history'

/** The audit actions about one step that its history tells. */
export const stepActions = [
  'step.switched-to-manual',
  'step.switched-to-automatic',
  'autonomy.changed',
  'autonomy.proposed',
  'autonomy.declined',
  'autonomy.demoted',
] as const

/** Audit actions about the workflow's pilots start with this; a pilot changes every step's version. */
export const pilotActionPrefix = 'pilot.'

/** The audit actions about the workflow's pilots that a step's history tells: its start, breach and end. */
export const pilotActions = [
  'pilot.started',
  'pilot.breached',
  'pilot.promoted',
  'pilot.rolled-back',
  'pilot.ended',
] as const

type Detail = Record<string, unknown>

const levelNames: Record<string, string> = {
  suggest: 'Suggest',
  'auto-apply': 'Auto-apply',
  automate: 'Automate',
}

const level = (value: unknown) => levelNames[String(value)] ?? String(value)
/** 0.963 → "96.3%": shares and confidences as people read them. */
export const percent = (value: unknown) =>
  typeof value === 'number' ? `${Math.round(value * 1000) / 10}%` : 'unknown'
const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : undefined)
const object = (value: unknown): Detail =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Detail) : {}

/** "accuracy 96% over the last 50 reviews", from the autonomy figures an audit row keeps. */
function accuracy(value: unknown): string {
  const figures = object(value)
  if (typeof figures.reviewed !== 'number' || figures.reviewed === 0) return 'no reviews yet'
  const reviews = figures.reviewed === 1 ? 'review' : `${figures.reviewed} reviews`
  return `accuracy ${percent(figures.accuracy)} over the last ${reviews}`
}

/** `user:alice` → alice, `system` → Conveyor (the runtime acting by itself). */
export function whoDid(actor: string): string {
  if (actor === 'system') return 'Conveyor'
  return actor.startsWith('user:') ? actor.slice('user:'.length) : actor
}

function switchedToManual(actor: string, detail: Detail): string {
  if (actor === 'system' && typeof detail.failuresInARow === 'number') {
    const last = text(detail.lastError)
    return (
      `Switched itself to manual after ${detail.failuresInARow} failed calls in a row ` +
      `(the limit is ${String(detail.breakAfter)})${last ? `; the last: ${last}` : ''}`
    )
  }
  return `Switched to manual: ${text(detail.reason) ?? 'no reason given'}`
}

function autonomyChanged(detail: Detail): string {
  const from = object(detail.from)
  const to = object(detail.to)
  const figures = accuracy(detail.figures)
  const threshold =
    from.threshold === to.threshold
      ? `confidence threshold ${percent(to.threshold)}`
      : `confidence threshold ${percent(from.threshold)} → ${percent(to.threshold)}`
  if (detail.proposal === 'approved') {
    return `Promotion to ${level(to.level)} approved (${threshold}); ${figures}`
  }
  const change =
    from.level === to.level
      ? `Autonomy kept at ${level(to.level)}`
      : `Autonomy changed from ${level(from.level)} to ${level(to.level)}`
  const instead = detail.proposal === 'superseded' ? ', in place of the proposed promotion' : ''
  return `${change}${instead} (${threshold}); ${figures}`
}

function pilotLine(action: string, detail: Detail): string {
  const version = typeof detail.version === 'number' ? ` of version ${detail.version}` : ''
  const why = text(detail.reason)
  switch (action) {
    case 'pilot.started': {
      const on =
        typeof detail.share === 'number'
          ? ` on ${percent(detail.share)} of new items`
          : text(detail.segment)
            ? ` on the new items where ${text(detail.segment)}`
            : ''
      return `Pilot${version} started${on}`
    }
    case 'pilot.rolled-back':
      return `Pilot${version} rolled back${why ? `: ${why}` : ''}`
    case 'pilot.promoted':
      return `Pilot${version} promoted: it now takes every new item`
    default:
      return `Pilot${version} ${action.slice(pilotActionPrefix.length).replaceAll('-', ' ')}${why ? `: ${why}` : ''}`
  }
}

/** What an audit row about a step (or the workflow's pilots) says, in words, with its figures. */
export function describeAuditEntry(entry: AuditEntry): string {
  const detail = entry.detail ?? {}
  switch (entry.action) {
    case 'step.switched-to-manual':
      return switchedToManual(entry.actor, detail)
    case 'step.switched-to-automatic':
      return `Switched back to automatic: ${text(detail.reason) ?? 'no reason given'}`
    case 'autonomy.changed':
      return autonomyChanged(detail)
    case 'autonomy.proposed':
      return `Promotion from ${level(detail.from)} to ${level(detail.to)} proposed: ${accuracy(detail.figures)}`
    case 'autonomy.declined':
      return `Promotion to ${level(detail.level)} declined (${accuracy(detail.figures)})`
    case 'autonomy.demoted':
      return `Demoted from ${level(detail.from)} to ${level(detail.to)}: ${text(detail.reason) ?? accuracy(detail.figures)}`
    default:
      return entry.action.startsWith(pilotActionPrefix)
        ? pilotLine(entry.action, detail)
        : entry.action.replaceAll(/[.-]/g, ' ')
  }
}

export function historyLine(entry: AuditEntry): StepHistoryLine {
  return {
    seq: entry.seq,
    at: entry.at,
    by: whoDid(entry.actor),
    action: entry.action,
    text: describeAuditEntry(entry),
  }
}
