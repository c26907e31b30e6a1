import type { TriggerManifest } from '@conveyor/shared'
import { Cron } from 'croner'
import type { DeploymentCache } from '../engine/deployments'
import {
  claimDueSchedules,
  deleteSchedule,
  markScheduleFired,
  ScheduleTableRows,
  upsertSchedule,
  type ScheduleRow,
} from '../store/repositories/schedule-table-rows'
import type { SqlDatabase } from '../store/sql'
import type { SqlWrite, Writer } from '../store/writer'
import type { WorkflowCatalog } from './workflows'

export type { ScheduleRow }

interface Schedule {
  cron: string
  timezone: string | null
}

/** The cron of a schedule, for computing times only: no job is started. */
function cronOf(schedule: Schedule): Cron {
  return new Cron(schedule.cron, schedule.timezone ? { timezone: schedule.timezone } : {})
}

/** The tick a due schedule runs for: the latest planned time at or before now (missed ones collapse). */
export function plannedTick(row: ScheduleRow, now: number): number {
  const [latest] = cronOf(row).previousRuns(1, new Date(now + 1))
  return Math.max(row.next_at, latest?.getTime() ?? row.next_at)
}

/** The first tick after now, or null when the cron has no more (a year that has passed). */
export function nextTick(schedule: Schedule, now: number): number | null {
  return cronOf(schedule).nextRun(new Date(now))?.getTime() ?? null
}

/** A due tick to fire: the planned time it runs for and the schedule's tick after now. */
export interface DueTick {
  row: ScheduleRow
  planned: number
  next: number | null
  /** Advanced in the store already (claimed on PostgreSQL); else the firer writes `markFired`. */
  advanced: boolean
}

/** Most ticks one claim takes on PostgreSQL; a claim that took this many is followed by another. */
export const claimLimit = 50

/**
 * The `schedules` table: one row per schedule trigger of a workflow's latest deployment, holding
 * the next planned tick. Every write goes through the writer, in the batch of whatever it belongs to.
 */
export class ScheduleRows {
  private readonly rows

  constructor(
    private readonly sql: SqlDatabase,
    private readonly writer: Writer,
    private readonly catalog: WorkflowCatalog,
    private readonly deployments: DeploymentCache,
    private readonly onError: (error: unknown) => void,
  ) {
    this.rows = new ScheduleTableRows(sql)
  }

  /**
   * The ticks due at `now`. On PostgreSQL, where every replica ticks, they are claimed: each due
   * row is advanced past now in the claim's transaction (a row another replica is claiming is
   * skipped), so each tick is fired by one replica. SQLite's one process reads them and writes each
   * fired tick with the start it does (`markFired`).
   */
  async claimDue(now: number): Promise<DueTick[]> {
    if (this.sql.engine === 'sqlite') {
      return (await this.rows.due(now)).flatMap((row) => {
        const tick = this.tickOf(row, now)
        return tick ? [{ ...tick, advanced: false }] : []
      })
    }
    const ticks: DueTick[] = []
    await claimDueSchedules(this.sql, now, claimLimit, (row) => {
      const tick = this.tickOf(row, now)
      if (!tick) return undefined
      ticks.push({ ...tick, advanced: true })
      return markScheduleFired(row, tick.planned, tick.next, now)
    })
    return ticks
  }

  nextDueAfter(now: number): Promise<number | null> {
    return this.rows.nextDueAfter(now)
  }

  /**
   * Records a fired tick: the row moves on to the first tick after now (or goes when there is
   * none). Only if the row still plans the tick that fired: a redeploy in between wins.
   */
  markFired({ row, planned, next }: DueTick, now: number): void {
    this.write(markScheduleFired(row, planned, next, now))
  }

  /** The tick the row runs for now, or undefined (reported) when its cron cannot be read. */
  private tickOf(row: ScheduleRow, now: number): Omit<DueTick, 'advanced'> | undefined {
    try {
      return { row, planned: plannedTick(row, now), next: nextTick(row, now) }
    } catch (error) {
      this.onError(
        new Error(
          `schedule ${row.workflow_id}/${row.trigger_id} cannot be read: ${(error as Error).message}`,
        ),
      )
      return undefined
    }
  }

  /** Every workflow's rows in line with its latest deployment; rows of deleted workflows go. */
  async reconcileAll(now: number): Promise<void> {
    const ids = new Set((await this.catalog.list()).map((w) => w.id))
    for (const id of await this.rows.workflowIds()) ids.add(id)
    for (const id of ids) await this.reconcile(id, now)
  }

  /**
   * A schedule whose cron and time zone are unchanged keeps its next tick (a redeploy neither
   * skips nor repeats one); a new or changed schedule starts from the first tick after now.
   */
  async reconcile(workflowId: string, now: number): Promise<void> {
    const wanted = await this.deployedSchedules(workflowId)
    const stored = new Map((await this.rows.forWorkflow(workflowId)).map((row) => [row.trigger_id, row]))
    for (const [triggerId, schedule] of wanted) {
      const row = stored.get(triggerId)
      stored.delete(triggerId)
      if (row && row.cron === schedule.cron && row.timezone === schedule.timezone) continue
      const next = this.firstTick(workflowId, triggerId, schedule, now)
      if (next === null) {
        if (row) this.remove(workflowId, triggerId)
        continue
      }
      this.write(
        upsertSchedule({
          workflow_id: workflowId,
          trigger_id: triggerId,
          cron: schedule.cron,
          timezone: schedule.timezone,
          next_at: next,
        }),
      )
    }
    for (const triggerId of stored.keys()) this.remove(workflowId, triggerId)
  }

  private remove(workflowId: string, triggerId: string): void {
    this.write(deleteSchedule(workflowId, triggerId))
  }

  private write({ sql, params }: SqlWrite): void {
    this.writer.write(sql, params)
  }

  private firstTick(workflowId: string, triggerId: string, schedule: Schedule, now: number): number | null {
    try {
      return nextTick(schedule, now)
    } catch (error) {
      this.onError(
        new Error(
          `schedule trigger "${triggerId}" of workflow "${workflowId}" has a cron "${schedule.cron}" that cannot be read: ${(error as Error).message}`,
        ),
      )
      return null
    }
  }

  /** The schedule triggers of the workflow's current deployment (none once it is deleted). */
  private async deployedSchedules(workflowId: string): Promise<Map<string, Schedule>> {
    const schedules = new Map<string, Schedule>()
    if (!(await this.catalog.exists(workflowId))) return schedules
    const deploymentId = await this.catalog.currentDeploymentId(workflowId)
    const deployment = deploymentId ? await this.deployments.get(deploymentId) : undefined
    if (!deployment) return schedules
    const { manifest } = deployment.compiled
    for (const triggerId of manifest.triggers) {
      const { start } = manifest.nodes[triggerId] as TriggerManifest
      if (start.kind === 'schedule') {
        schedules.set(triggerId, { cron: start.cron, timezone: start.timezone ?? null })
      }
    }
    return schedules
  }
}
