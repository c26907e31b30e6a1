import type { PilotState } from '@conveyor/shared/protocol/pilots'
import type { SqlExecutor } from '../sql'
import type { SqlWrite } from '../writer'

/** A row of the `pilots` table. */
export interface PilotRow {
  workflow_id: string
  version: number
  baseline_version: number
  /** The pilot's settings as JSON. */
  settings: string
  state: PilotState
  started_at: number
  started_by: string
  ended_at: number | null
  ended_by: string | null
  reason: string | null
}

/** Every workflow's pilots, oldest version first. */
export function allPilots(sql: SqlExecutor): Promise<PilotRow[]> {
  return sql.all<PilotRow>('SELECT * FROM pilots ORDER BY workflow_id, version')
}

/** One workflow's pilots, oldest version first. */
export function pilotsOf(sql: SqlExecutor, workflowId: string): Promise<PilotRow[]> {
  return sql.all<PilotRow>('SELECT * FROM pilots WHERE workflow_id = ? ORDER BY version', [workflowId])
}

/** A pilot that starts running with its deployment. */
export function insertPilot(
  row: Pick<
    PilotRow,
    'workflow_id' | 'version' | 'baseline_version' | 'settings' | 'started_at' | 'started_by'
  >,
): SqlWrite {
  return {
    sql: `INSERT INTO pilots (workflow_id, version, baseline_version, settings, state, started_at, started_by)
      VALUES (?, ?, ?, ?, 'running', ?, ?)`,
    params: [
      row.workflow_id,
      row.version,
      row.baseline_version,
      row.settings,
      row.started_at,
      row.started_by,
    ],
  }
}

/** A pilot's end: its state, when, by whom and why; a pilot that has ended already keeps its end. */
export function endPilot(
  workflowId: string,
  version: number,
  end: { state: Exclude<PilotState, 'running'>; at: number; by: string; reason: string | null },
): SqlWrite {
  return {
    sql: `UPDATE pilots SET state = ?, ended_at = ?, ended_by = ?, reason = ?
      WHERE workflow_id = ? AND version = ? AND state = 'running'`,
    params: [end.state, end.at, end.by, end.reason, workflowId, version],
  }
}
