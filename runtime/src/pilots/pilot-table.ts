import type { PilotSettings, PilotState } from '@conveyor/shared/protocol/pilots'
import type { BatchWriter, Clock } from '../engine/engine-parts'
import { allPilots, endPilot, insertPilot, pilotsOf, type PilotRow } from '../store/repositories/pilot-rows'
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
 *
 * Replicas on one database each hold the table: a start or end made on one wakes the others
 * (`onChanged`, once committed), which reload that workflow's pilots (`reload`).
 */
export class PilotTable {
  private readonly byWorkflow = new Map<string, Pilot[]>()
  /** Told of each pilot started or ended, as it is written. */
  onChanged: (workflowId: string) => void = () => undefined

  constructor(
    private readonly sql: SqlExecutor,
    private readonly writer: BatchWriter,
    private readonly now: Clock,
  ) {}

  /** Reads every pilot into memory: before the service serves, and again when wake-ups were missed. */
  async load(): Promise<void> {
    this.takeIn(await allPilots(this.sql))
  }

  /** Reads the workflow's pilots again: another replica started or ended one. */
  async reload(workflowId: string): Promise<void> {
    this.takeIn(await pilotsOf(this.sql, workflowId), workflowId)
  }

  /**
   * Holds the stored pilots (every workflow's, or `only` one's). A pilot held already is updated in
   * place, so whoever holds it (the guard judging it) sees its end; one that ended here stays ended
   * (an end is final, and may be read before it committed), and one that began here and is not
   * committed yet stays (pilots are never deleted).
   */
  private takeIn(rows: readonly PilotRow[], only?: string): void {
    const stored = new Map<string, Pilot[]>()
    for (const row of rows) {
      let list = stored.get(row.workflow_id)
      if (!list) stored.set(row.workflow_id, (list = []))
      const fresh = fromRow(row)
      const held = this.get(row.workflow_id, row.version)
      if (held?.state === 'running') Object.assign(held, fresh)
      list.push(held ?? fresh)
    }
    for (const [workflowId, held] of this.byWorkflow) {
      if (only !== undefined && workflowId !== only) continue
      const list = stored.get(workflowId) ?? []
      const uncommitted = held.filter((pilot) => !list.some((p) => p.version === pilot.version))
      stored.set(
        workflowId,
        [...list, ...uncommitted].sort((a, b) => a.version - b.version),
      )
    }
    if (only === undefined) this.byWorkflow.clear()
    for (const [workflowId, list] of stored) this.byWorkflow.set(workflowId, list)
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
    this.onChanged(workflowId)
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
    this.onChanged(pilot.workflowId)
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
