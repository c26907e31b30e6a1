import type { PilotSettings, PilotState } from '@conveyor/shared/protocol/pilots'
import type { BatchWriter, Clock } from '../engine/engine-parts'
import { allPilots, endPilot, insertPilot, type PilotRow } from '../store/repositories/pilot-rows'
import type { SqlExecutor } from '../store/sql'

/** A pilot as the runtime holds it; `settings` has its `minItems` filled in. */
export interface Pilot {
  workflowId: string
  version: number
  baselineVersion: number
  settings: PilotSettings & { minItems: number }
  state: PilotState
  startedAt: number
  startedBy: string
  endedAt: number | null
  endedBy: string | null
  reason: string | null
}

const fromRow = (row: PilotRow): Pilot => ({
  workflowId: row.workflow_id,
  version: row.version,
  baselineVersion: row.baseline_version,
  settings: JSON.parse(row.settings) as Pilot['settings'],
  state: row.state,
  startedAt: row.started_at,
  startedBy: row.started_by,
  endedAt: row.ended_at,
  endedBy: row.ended_by,
  reason: row.reason,
})

/**
 * Every workflow's pilots, held in memory (every start asks whether one runs) and written in the
 * open batch, so a pilot's start or end commits with its audit row and survives a crash. Routing
 * reads the memory: from the moment a pilot ends, no new instance goes to it.
 */
export class PilotTable {
  private readonly byWorkflow = new Map<string, Pilot[]>()

  constructor(
    private readonly sql: SqlExecutor,
    private readonly writer: BatchWriter,
    private readonly now: Clock,
  ) {}

  /** Reads every pilot into memory; the service does it once, before it serves. */
  async load(): Promise<void> {
    const rows = await allPilots(this.sql)
    this.byWorkflow.clear()
    for (const row of rows) this.listOf(row.workflow_id).push(fromRow(row))
  }

  private listOf(workflowId: string): Pilot[] {
    let list = this.byWorkflow.get(workflowId)
    if (!list) this.byWorkflow.set(workflowId, (list = []))
    return list
  }

  /** Newest first. */
  list(workflowId: string): Pilot[] {
    return [...(this.byWorkflow.get(workflowId) ?? [])].reverse()
  }

  get(workflowId: string, version: number): Pilot | undefined {
    return this.byWorkflow.get(workflowId)?.find((pilot) => pilot.version === version)
  }

  running(workflowId: string): Pilot | undefined {
    return this.byWorkflow.get(workflowId)?.find((pilot) => pilot.state === 'running')
  }

  allRunning(): Pilot[] {
    return [...this.byWorkflow.values()].flatMap((list) => list.filter((p) => p.state === 'running'))
  }

  /** Records a pilot of a deployment being written in the same batch, audited `pilot.started`. */
  begin(
    workflowId: string,
    version: number,
    baselineVersion: number,
    settings: Pilot['settings'],
    by: string,
  ): Pilot {
    const now = this.now()
    const pilot: Pilot = {
      workflowId,
      version,
      baselineVersion,
      settings,
      state: 'running',
      startedAt: now,
      startedBy: by,
      endedAt: null,
      endedBy: null,
      reason: null,
    }
    this.listOf(workflowId).push(pilot)
    const { sql, params } = insertPilot({
      workflow_id: workflowId,
      version,
      baseline_version: baselineVersion,
      settings: JSON.stringify(settings),
      started_at: now,
      started_by: by,
    })
    this.writer.write(sql, params)
    this.audit(pilot, 'pilot.started', by, { ...settings })
    return pilot
  }

  /**
   * Ends a running pilot: `rolled-back` (no new instance goes to it), `promoted` (it becomes the
   * current version) or `ended` (its time is up). Audited as `pilot.<state>` with `figures`.
   */
  end(
    pilot: Pilot,
    state: Exclude<PilotState, 'running'>,
    by: string,
    reason: string | null,
    figures: Record<string, unknown> = {},
  ): void {
    const now = this.now()
    Object.assign(pilot, { state, endedAt: now, endedBy: by, reason })
    const { sql, params } = endPilot(pilot.workflowId, pilot.version, { state, at: now, by, reason })
    this.writer.write(sql, params)
    this.audit(pilot, `pilot.${state}`, by, { ...(reason ? { reason } : {}), ...figures })
  }

  /** An audit row about the pilot, naming its version and baseline beside `detail`. */
  audit(pilot: Pilot, action: string, by: string, detail: Record<string, unknown>): void {
    this.writer.auditWorkflow({
      at: this.now(),
      actor: by,
      action,
      workflowId: pilot.workflowId,
      detail: { version: pilot.version, baselineVersion: pilot.baselineVersion, ...detail },
    })
  }
}
