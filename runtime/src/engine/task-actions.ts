import { isDeepStrictEqual } from 'node:util'
import { fallbackStepOf, type WorkflowEvent } from '@conveyor/shared'
import { jsonWithinLimits } from '../limits/json-limits'
import { ConflictError, ForbiddenError, InvalidError, NotFoundError } from '../service/errors'
import type { TaskActor, TaskCompletion, Verdict } from '../service/types'
import type { TaskEventType } from '@conveyor/shared/protocol/event-log'
import type { AssistantProvider } from '../assistant/provider'
import type { AutonomyPolicy } from '../autonomy/autonomy-policy'
import type { BatchWriter, Clock, Dispatcher } from './engine-parts'
import { validateForm } from './form-validation'
import type { LiveInstance } from './live-instance'
import { assistantRequest } from './assisted-work'
import type { NodeWork } from './node-work'
import type { TaskRow, TaskSpec, TaskTable } from './tasks'

/** What people's actions on tasks need from the rest of the engine. */
export interface TaskActionParts {
  instances: Dispatcher
  tasks: Pick<TaskTable, 'get' | 'update'>
  work: Pick<NodeWork, 'reshape'>
  assistant: Pick<AssistantProvider, 'learn'>
  autonomy: Pick<AutonomyPolicy, 'reviewed'>
  writer: BatchWriter
  now: Clock
}

const closed = new Set(['completed', 'rejected', 'cancelled'])

/**
 * What a task action read before it checks and locks: the task and its instance, held in memory
 * (every action is an event of the instance, numbered after its others).
 */
interface TaskRead {
  row: TaskRow
  live?: LiveInstance | undefined
}

/**
 * What people do with tasks. A task being acted on is locked in memory until its change is
 * committed, so two people completing the same task at once get one success and one conflict.
 * The task (and its instance) are read first; who may act is then checked in the same synchronous
 * section that takes the lock, so a task cannot change hands between the check and the change.
 */
export class TaskActions {
  private readonly busy = new Set<string>()
  /**
   * Tasks being read, with how many actions on each ended meanwhile: a row read while an action on
   * it ended may predate that action's commit, so it is read again.
   */
  private readonly reading = new Map<string, { readers: number; ended: number }>()

  private readonly instances: Dispatcher
  private readonly writer: BatchWriter
  private readonly now: Clock

  constructor(private readonly parts: TaskActionParts) {
    this.instances = parts.instances
    this.writer = parts.writer
    this.now = parts.now
  }

  /**
   * Reads the task and its instance, then checks synchronously, after the
   * reads, what the lock must see: the task exists, `actingAs` may act on it, nobody is acting on
   * it and it is not closed. Throws before anything is read once the engine has stopped (fail-stop).
   */
  private async load(taskId: string, actingAs?: TaskActor): Promise<TaskRead> {
    this.instances.assertRunning()
    const read = await this.readUnchanged(taskId, async (): Promise<TaskRead | undefined> => {
      const row = await this.parts.tasks.get(taskId)
      if (!row) return undefined
      return { row, live: await this.instances.load(row.instance_id) }
    })
    if (!read) throw new NotFoundError('task', taskId)
    const { row } = read
    // Only the owner of the task's instance acts on it (its partition may have been lost meanwhile).
    this.instances.assertOwns(row.instance_id)
    if (actingAs && !actingAs.mayActForOthers && row.assignee !== null && row.assignee !== actingAs.name) {
      throw new ForbiddenError(
        `Task "${taskId}" is claimed by ${row.assignee}; only they, an operator or an admin may act on it`,
      )
    }
    if (closed.has(row.status)) throw closedConflict(row, false)
    if (this.busy.has(taskId)) throw closedConflict(row, true)
    return read
  }

  /** Runs `read` until no action on the task ended while it ran. */
  private async readUnchanged<T>(taskId: string, read: () => Promise<T>): Promise<T> {
    for (;;) {
      const watch = this.reading.get(taskId) ?? { readers: 0, ended: 0 }
      this.reading.set(taskId, watch)
      watch.readers++
      const endedBefore = watch.ended
      let result: T
      try {
        result = await read()
      } finally {
        if (--watch.readers === 0) this.reading.delete(taskId)
      }
      if (watch.ended === endedBefore) return result
    }
  }

  /** The instance, if the task's visit is still where it waits; a conflict otherwise. */
  private current(row: TaskRow, live: LiveInstance | undefined): LiveInstance {
    if (!live || !this.instances.isCurrent(live, row.node_id, row.visit)) {
      throw new ConflictError(
        `task "${row.id}" no longer applies: the instance has moved on`,
        'task_closed',
        {
          status: 'cancelled',
        },
      )
    }
    return live
  }

  private async locked<T>(row: TaskRow, action: () => Promise<T>): Promise<T> {
    const taskId = row.id
    // Checked again as the lock is taken: another action may have taken it since `load` checked.
    if (this.busy.has(taskId)) throw closedConflict(row, true)
    this.busy.add(taskId)
    try {
      return await action()
    } finally {
      this.busy.delete(taskId)
      const watch = this.reading.get(taskId)
      if (watch) watch.ended++
    }
  }

  private save(
    row: TaskRow,
    changes: Partial<TaskRow>,
    by: string,
    action: TaskEventType,
    detail?: Record<string, unknown>,
  ) {
    const w = this.writer
    this.parts.tasks.update({ ...row, ...changes })
    const now = this.now()
    const base = { instanceId: row.instance_id, workflowId: row.workflow_id, deploymentId: row.deployment_id }
    w.event({
      ...base,
      at: now,
      type: action,
      nodeId: row.node_id,
      visit: row.visit,
      detail: { taskId: row.id, by, ...detail },
    })
    w.audit({
      at: now,
      actor: by,
      action,
      workflowId: row.workflow_id,
      instanceId: row.instance_id,
      nodeId: row.node_id,
      detail: { taskId: row.id, ...detail },
    })
  }

  /** Someone else's claim is a conflict (not a refusal): the task is simply taken. */
  async claim(taskId: string, actingAs: TaskActor): Promise<void> {
    const { name: assignee, actor: by } = actingAs
    const { row } = await this.load(taskId)
    if (row.status === 'claimed' && row.assignee === assignee) return
    if (row.status === 'claimed') {
      throw new ConflictError(`task "${taskId}" is claimed by ${row.assignee}`, 'task_claimed', {
        assignee: row.assignee,
      })
    }
    return this.locked(row, async () => {
      this.save(row, { status: 'claimed', assignee, claimed_at: this.now() }, by, 'task.claimed', {
        assignee,
      })
      await this.writer.committed()
    })
  }

  async release(taskId: string, by: string, actingAs?: TaskActor): Promise<void> {
    const { row } = await this.load(taskId, actingAs)
    return this.locked(row, async () => {
      this.save(row, { status: 'open', assignee: null, claimed_at: null }, by, 'task.released')
      await this.writer.committed()
    })
  }

  async complete(taskId: string, completion: TaskCompletion, actingAs?: TaskActor): Promise<void> {
    const read = await this.load(taskId, actingAs)
    const { row } = read
    const live = this.current(row, read.live)
    const spec = JSON.parse(row.spec) as TaskSpec
    const by = completion.by ?? row.assignee ?? 'system'
    const data = completion.data ?? {}
    jsonWithinLimits(data, 'data')
    return this.locked(row, async () => {
      // Held across the awaits below: the instance must not leave memory meanwhile.
      live.busy++
      const held = await this.completeHeld(live, row, spec, completion, by, data).finally(() => {
        live.busy--
      })
      await held.committed
    })
  }

  /** Validates, records the completion and sends the event; returns the commit to wait for. */
  private async completeHeld(
    live: LiveInstance,
    row: TaskRow,
    spec: TaskSpec,
    completion: TaskCompletion,
    by: string,
    data: Record<string, unknown>,
  ): Promise<{ committed: Promise<void> }> {
    let event: WorkflowEvent
    /** What the person gave where the assistant made its suggestion. */
    let answer: unknown
    if (spec.kind === 'decision') {
      const branch = completion.branch
      if (!branch || !spec.branches?.some((b) => b.id === branch)) {
        throw new InvalidError('pick one of the decision’s branches', [
          {
            path: 'branch',
            message: `must be one of: ${(spec.branches ?? []).map((b) => b.id).join(', ')}`,
          },
        ])
      }
      event = { type: 'DECIDE', nodeId: row.node_id, branch }
      answer = branch
    } else {
      const errors = validateForm(spec.form.fields, data)
      if (errors.length > 0) throw new InvalidError('the form has fields to correct', errors)
      const node = live.deployment.compiled.manifest.nodes[row.node_id]
      let result: unknown = data
      try {
        // A person standing in for an automated step's call gives its result as it is saved; the
        // step's output mapping is written for the service's answer.
        const standsIn = spec.fallback !== undefined && fallbackStepOf(node)?.mode === 'automate'
        if (node?.kind === 'step' && !standsIn) result = await this.parts.work.reshape(live, node, data)
      } catch (error) {
        throw new InvalidError(
          `step "${row.node_id}" could not use this data: ${(error as Error).message}`,
          [],
        )
      }
      event = { type: 'STEP_DONE', nodeId: row.node_id, result }
      answer = spec.suggestion ? data[spec.suggestion.field] : undefined
    }
    const chosen = typeof answer === 'string' ? answer : undefined
    // The instance stayed in memory (held), but may have moved on meanwhile (cancelled).
    this.current(row, this.instances.live(row.instance_id))
    // Refused before the task is marked done: data the instance cannot hold leaves the task open.
    this.instances.admit(live, event)
    const verdict = spec.suggestion ? verdictOn(spec.suggestion, answer) : undefined
    // The figure owners trust the assistant by is the server's: a client's word that contradicts it
    // is kept beside it for the audit, never counted.
    const contradicted =
      completion.verdict !== undefined && completion.verdict !== verdict
        ? { claimedVerdict: completion.verdict }
        : {}
    const request = assistantRequest(live, row.node_id)
    const now = this.now()
    this.save(
      row,
      {
        status: 'completed',
        completed_at: now,
        completed_by: by,
        result: JSON.stringify(data),
        branch: completion.branch ?? null,
        verdict: verdict ?? null,
      },
      by,
      'task.completed',
      {
        verdict: verdict ?? null,
        ...contradicted,
        ...(spec.suggestion ? { suggested: spec.suggestion.value, answered: answer ?? null } : {}),
        waitedMs: (row.claimed_at ?? now) - row.created_at,
        person: true,
        ...(spec.fallback ? { fallback: true } : {}),
      },
    )
    // The step's accuracy is measured on the server's verdicts, recorded with them.
    const node = live.deployment.compiled.manifest.nodes[row.node_id]
    if (verdict && node?.kind === 'step') {
      const key = { workflowId: row.workflow_id, nodeId: row.node_id }
      this.parts.autonomy.reviewed(key, node.autonomy, verdict, spec.review?.sampled ?? false)
    }
    const committed = this.instances.send(live, event, by)
    // Once the verdict is recorded, in its transaction: the assistant learns only if that commits.
    if (request && chosen !== undefined) this.parts.assistant.learn(request, chosen)
    return { committed }
  }

  async reject(taskId: string, reason: string | undefined, by: string, actingAs?: TaskActor): Promise<void> {
    const read = await this.load(taskId, actingAs)
    const { row } = read
    const live = this.current(row, read.live)
    const node = live.deployment.compiled.manifest.nodes[row.node_id]
    if (node?.kind !== 'step' || !node.exceptions.rejection) {
      throw new InvalidError(`"${row.node_id}" has no rejection path; complete the task instead`, [
        { path: 'taskId', field: row.node_id, message: 'this step cannot be rejected' },
      ])
    }
    return this.locked(row, async () => {
      this.save(
        row,
        { status: 'rejected', completed_at: this.now(), completed_by: by },
        by,
        'task.rejected',
        {
          reason: reason ?? null,
        },
      )
      await this.instances.send(
        live,
        { type: 'STEP_REJECTED', nodeId: row.node_id, ...(reason ? { reason } : {}) },
        by,
      )
    })
  }
}

/** The task is closed, or being acted on (`busy`). */
function closedConflict(row: TaskRow, busy: boolean): ConflictError {
  return new ConflictError(
    `task "${row.id}" is already ${busy ? 'being completed' : row.status}`,
    'task_closed',
    { status: row.status },
  )
}

/**
 * What the person did with the suggestion, judged on what they gave: the same value is an
 * accept; a changed draft is an edit; another choice or branch is an override.
 */
export function verdictOn(suggestion: NonNullable<TaskSpec['suggestion']>, answer: unknown): Verdict {
  if (isDeepStrictEqual(answer, suggestion.value)) return 'accept'
  return suggestion.produces === 'draft' ? 'edit' : 'override'
}
