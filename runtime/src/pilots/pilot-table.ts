import type { PilotSettings, PilotState } from '@conveyor/shared/protocol/pilots'
import type { BatchWriter, Clock } from '../engine/engine-parts'
import type { Db } from '../store/database'

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

interface PilotRow {
  workflow_id: string
  version: number
  baseline_version: number
  settings: string
  state: PilotState
  started_at: number
  started_by: string
  ended_at: number | null
  ended_by: string | null
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
    db: Db,
    private readonly writer: BatchWriter,
    private readonly now: Clock,
  ) {
    const rows = db.prepare('SELECT * FROM pilots ORDER BY version').all() as PilotRow[]
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
    this.writer.write(
      `INSERT INTO pilots (workflow_id, version, baseline_version, settings, state, started_at, started_by)
        VALUES (?, ?, ?, ?, 'running', ?, ?)`,
      [workflowId, version, baselineVersion, JSON.stringify(settings), now, by],
    )
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
    this.writer.write(
      'UPDATE pilots SET state = ?, ended_at = ?, ended_by = ?, reason = ? WHERE workflow_id = ? AND version = ?',
      [state, now, by, reason, pilot.workflowId, pilot.version],
    )
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
