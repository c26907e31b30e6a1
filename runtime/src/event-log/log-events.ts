import type { NodeKind } from '@conveyor/shared'
import type { Verdict } from '@conveyor/shared/protocol/api'
import { parseEntered } from '../store/entered'
import type { StoredEvent } from '../store/event-pages'
import type { LogStore, NodeName } from './log-store'

/** What happened, in the export's words; each format names and shapes every kind (a table per format). */
export type LogEventKind =
  | 'item.started'
  | 'item.cancelled'
  | 'item.ended'
  | 'node.reached'
  | 'step.started'
  | 'step.completed'
  | 'step.decided'
  | 'step.rejected'
  | 'step.failed'
  | 'step.timedOut'
  | 'step.callFailed'
  | 'step.retried'
  | 'step.fellBack'
  | 'incident.opened'
  | 'sla.breached'
  | 'suggestion.applied'
  | 'suggestion.judged'
  | 'task.created'
  | 'task.claimed'
  | 'task.released'
  | 'task.completed'
  | 'task.rejected'

export type AttributeValue = string | number | boolean

/** One event of the exported log, read from an event-log row (a row may give several). */
export interface LogEvent {
  /** Unique in the log: the row's `seq`, with a suffix for the further events a row gives. */
  id: string
  kind: LogEventKind
  at: number
  instanceId: string
  nodeId?: string
  /** The node's unique name (see `LogStore.nodeNames`). */
  step?: string
  visit?: number
  /** The person who did it, if a person did. */
  person?: string
  taskId?: string
  suggestionId?: string
  attributes: Record<string, AttributeValue>
}

/**
 * What entering a node of each kind is in the exported log: a step's start, a point the item
 * reached, or nothing (a trigger is the item's start; forks and joins only route).
 */
const entering: Record<NodeKind, 'started' | 'reached' | null> = {
  trigger: null,
  step: 'started',
  decision: 'started',
  exception: 'reached',
  fork: null,
  join: null,
  end: 'reached',
  note: null,
}

/** A suggestion is one asking of the assistant: at most one per item, node and visit. */
export function suggestionId(instanceId: string, nodeId: string, visit: number): string {
  return `suggestion:${instanceId}:${nodeId}:${visit}`
}

/**
 * The person an actor or assignee names: the audit log says `user:NAME` where tasks say `NAME`;
 * the runtime's own doings (`system`) are nobody's.
 */
export function personOf(name: unknown): string | undefined {
  if (typeof name !== 'string' || name === '' || name === 'system') return undefined
  return name.startsWith('user:') ? name.slice('user:'.length) : name
}

const verdicts: Record<Verdict, string> = { accept: 'accepted', edit: 'edited', override: 'overridden' }

/** The verdict's word in an event's name: `Suggestion overridden`. */
export function verdictWord(verdict: string): string {
  return verdicts[verdict as Verdict] ?? verdict
}

/**
 * Turns event-log rows into the export's events. Stateful only in one small way: the person who
 * completed or rejected a task is the resource of the step's end that the next row records.
 */
export class LogEventReader {
  /** `instance:node:visit` → who finished the task there; taken by the step's end that follows. */
  private readonly finishedBy = new Map<string, string>()

  constructor(
    private readonly nodes: Map<string, NodeName>,
    private readonly store: Pick<LogStore, 'actor'>,
  ) {}

  async read(row: StoredEvent): Promise<LogEvent[]> {
    const detail = row.detail ? (JSON.parse(row.detail) as Record<string, unknown>) : {}
    const base = this.base(row)
    const events: LogEvent[] = []
    const add = (kind: LogEventKind, extra: Partial<LogEvent> = {}) =>
      events.push({ ...base, kind, ...extra, attributes: { ...base.attributes, ...extra.attributes } })
    const at =
      row.node_id !== null && row.visit !== null ? `${row.instance_id}:${row.node_id}:${row.visit}` : ''
    const stepEnd = (kind: LogEventKind, attributes: Record<string, AttributeValue> = {}) => {
      const person = this.finishedBy.get(at)
      this.finishedBy.delete(at)
      add(kind, { ...(person ? { person } : {}), attributes })
    }
    const taskId = typeof detail.taskId === 'string' ? detail.taskId : undefined
    const task = (
      kind: LogEventKind,
      person: string | undefined,
      attributes: Record<string, AttributeValue>,
    ) => add(kind, { ...(taskId ? { taskId } : {}), ...(person ? { person } : {}), attributes })
    switch (row.type) {
      case 'START': {
        const person = personOf(await this.store.actor(row.instance_id, 'instance.start'))
        add('item.started', {
          ...(person ? { person } : {}),
          attributes: typeof detail.trigger === 'string' ? { trigger: detail.trigger } : {},
        })
        break
      }
      case 'CANCEL': {
        const person = personOf(await this.store.actor(row.instance_id, 'instance.cancel'))
        add('item.cancelled', {
          ...(person ? { person } : {}),
          attributes: textOf({ reason: detail.reason }),
        })
        break
      }
      case 'finished':
        add('item.ended', { attributes: textOf({ outcome: detail.outcome }) })
        break
      case 'STEP_DONE':
        // Triggers, exceptions and joins pass straight through: they are reached, not done.
        if (this.entering(row.node_id) === 'started') stepEnd('step.completed')
        break
      case 'DECIDE':
        stepEnd('step.decided', textOf({ branch: detail.branch }))
        break
      case 'STEP_REJECTED':
        stepEnd('step.rejected', textOf({ reason: detail.reason }))
        break
      case 'STEP_FAILED':
        stepEnd('step.failed', textOf({ error: detail.error }))
        break
      case 'STEP_TIMEOUT':
        stepEnd('step.timedOut')
        break
      case 'failed':
        add('step.callFailed', {
          attributes: { ...textOf({ error: detail.error }), ...countOf(detail, 'attempt') },
        })
        break
      case 'retry':
        add('step.retried', {
          attributes: { ...textOf({ error: detail.error }), ...countOf(detail, 'attempt') },
        })
        break
      case 'incident.opened':
        add('incident.opened', { attributes: textOf({ error: detail.error }) })
        break
      case 'sla.breached':
        add('sla.breached', { attributes: textOf({ escalatedTo: detail.escalatedTo }) })
        break
      case 'assistant.fallback':
        add('step.fellBack', { attributes: textOf({ cause: 'assistant failed', error: detail.error }) })
        break
      case 'assistant.applied':
        add('suggestion.applied', {
          suggestionId: suggestionId(row.instance_id, row.node_id!, row.visit!),
          attributes: { ...textOf({ level: detail.level }), ...numberOf(detail, 'confidence') },
        })
        break
      case 'task.created':
        task('task.created', undefined, textOf({ lane: detail.lane }))
        if (detail.fallback === true) add('step.fellBack', { attributes: { cause: 'switched to manual' } })
        break
      case 'task.claimed':
        task('task.claimed', personOf(detail.assignee) ?? personOf(detail.by), {})
        break
      case 'task.released':
        task('task.released', personOf(detail.by), {})
        break
      case 'task.completed':
      case 'task.rejected': {
        const person = personOf(detail.by)
        if (person && at) this.finishedBy.set(at, person)
        const verdict = typeof detail.verdict === 'string' ? detail.verdict : undefined
        const kind = row.type === 'task.completed' ? 'task.completed' : 'task.rejected'
        task(kind, person, textOf({ verdict, reason: detail.reason }))
        if (verdict && row.node_id !== null && row.visit !== null) {
          add('suggestion.judged', {
            id: `${row.seq}.verdict`,
            suggestionId: suggestionId(row.instance_id, row.node_id, row.visit),
            ...(taskId ? { taskId } : {}),
            ...(person ? { person } : {}),
            attributes: { verdict },
          })
        }
        break
      }
    }
    // Fallback events a task creation gives share its row: each event needs its own id.
    events.forEach((event, index) => {
      if (index > 0 && event.id === base.id) event.id = `${base.id}.${index}`
    })
    parseEntered(row.entered).forEach(({ nodeId, visit }, index) => {
      const node = this.nodes.get(nodeId)
      const entered = this.entering(nodeId)
      if (!node || !entered) return
      events.push({
        id: `${row.seq}.entered.${index}`,
        kind: entered === 'started' ? 'step.started' : 'node.reached',
        at: row.at,
        instanceId: row.instance_id,
        nodeId,
        step: node.name,
        visit,
        attributes: { step: nodeId, visit },
      })
    })
    if (row.type === 'finished') this.forget(row.instance_id)
    return events
  }

  private entering(nodeId: string | null): 'started' | 'reached' | null {
    const node = nodeId === null ? undefined : this.nodes.get(nodeId)
    return node ? entering[node.kind] : null
  }

  private base(row: StoredEvent): LogEvent {
    const node = row.node_id === null ? undefined : this.nodes.get(row.node_id)
    const attributes: Record<string, AttributeValue> = {}
    if (row.node_id !== null) attributes.step = row.node_id
    if (row.visit !== null) attributes.visit = row.visit
    return {
      id: String(row.seq),
      kind: 'item.started',
      at: row.at,
      instanceId: row.instance_id,
      ...(row.node_id !== null ? { nodeId: row.node_id, step: node?.name ?? row.node_id } : {}),
      ...(row.visit !== null ? { visit: row.visit } : {}),
      attributes,
    }
  }

  /** An ended item's tasks are all closed: nothing of it is waiting for a step's end. */
  private forget(instanceId: string): void {
    for (const key of this.finishedBy.keys())
      if (key.startsWith(`${instanceId}:`)) this.finishedBy.delete(key)
  }
}

/** A page of rows as the export's events, in order. */
export async function readAll(reader: LogEventReader, rows: readonly StoredEvent[]): Promise<LogEvent[]> {
  const events: LogEvent[] = []
  for (const row of rows) events.push(...(await reader.read(row)))
  return events
}

/** The fields that hold text, as attributes; absent and empty ones are left out. */
function textOf(fields: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(fields))
    if (typeof value === 'string' && value !== '') out[name] = value
  return out
}

function countOf(detail: Record<string, unknown>, name: string): Record<string, number> {
  const value = detail[name]
  return typeof value === 'number' && Number.isInteger(value) ? { [name]: value } : {}
}

function numberOf(detail: Record<string, unknown>, name: string): Record<string, number> {
  const value = detail[name]
  return typeof value === 'number' && Number.isFinite(value) ? { [name]: value } : {}
}
