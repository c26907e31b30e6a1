import type { AutonomyLevel } from '@conveyor/shared'
import type { Verdict } from '../../service/types'
import type { SqlExecutor } from '../sql'
import type { SqlWrite } from '../writer'
import type { StepKey } from '../step-key'

/** The level a step runs at, as stored: absent until someone or the runtime sets one. */
export interface StoredLevel {
  level: AutonomyLevel
  threshold: number
  setAt: number
  setBy: string
}

/** A pending promotion, as stored. */
export interface ProposalRow {
  id: string
  level: AutonomyLevel
  threshold: number
  figures: string
  proposed_at: number
}

export function storedLevel(
  sql: SqlExecutor,
  { workflowId, nodeId }: StepKey,
): Promise<StoredLevel | undefined> {
  return sql.get<StoredLevel>(
    `SELECT level, threshold, set_at AS "setAt", set_by AS "setBy" FROM step_autonomy
    WHERE workflow_id = ? AND node_id = ?`,
    [workflowId, nodeId],
  )
}

/** The verdicts of the latest `limit` reviews after `since`, newest first; only sampled ones if asked. */
export async function latestVerdicts(
  sql: SqlExecutor,
  { workflowId, nodeId }: StepKey,
  since: number,
  limit: number,
  sampledOnly: boolean,
): Promise<Verdict[]> {
  const rows = await sql.all<{ verdict: Verdict }>(
    `SELECT verdict FROM autonomy_reviews WHERE workflow_id = ? AND node_id = ? AND at > ?
      ${sampledOnly ? 'AND sampled = 1' : ''} ORDER BY seq DESC LIMIT ?`,
    [workflowId, nodeId, since, limit],
  )
  return rows.map((row) => row.verdict)
}

export function pendingProposal(
  sql: SqlExecutor,
  { workflowId, nodeId }: StepKey,
): Promise<ProposalRow | undefined> {
  return sql.get<ProposalRow>(
    `SELECT id, level, threshold, figures, proposed_at FROM autonomy_proposals
    WHERE workflow_id = ? AND node_id = ? AND status = 'pending'`,
    [workflowId, nodeId],
  )
}

/** When a proposal for this step was last declined (0 if never). */
export async function lastDeclinedAt(sql: SqlExecutor, { workflowId, nodeId }: StepKey): Promise<number> {
  const row = await sql.get<{ at: number | null }>(
    `SELECT MAX(decided_at) AS at FROM autonomy_proposals
    WHERE workflow_id = ? AND node_id = ? AND status = 'declined'`,
    [workflowId, nodeId],
  )
  return row?.at ?? 0
}

/** The autonomy tables' writes, as the batch takes them. */
export const autonomyWrites = {
  setLevel: (
    { workflowId, nodeId }: StepKey,
    level: AutonomyLevel,
    threshold: number,
    at: number,
    by: string,
  ): SqlWrite => ({
    sql: `INSERT INTO step_autonomy (workflow_id, node_id, level, threshold, set_at, set_by)
    VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (workflow_id, node_id) DO UPDATE SET level = excluded.level,
    threshold = excluded.threshold, set_at = excluded.set_at, set_by = excluded.set_by`,
    params: [workflowId, nodeId, level, threshold, at, by],
  }),
  review: ({ workflowId, nodeId }: StepKey, at: number, verdict: Verdict, sampled: boolean): SqlWrite => ({
    sql: 'INSERT INTO autonomy_reviews (workflow_id, node_id, at, verdict, sampled) VALUES (?, ?, ?, ?, ?)',
    params: [workflowId, nodeId, at, verdict, sampled ? 1 : 0],
  }),
  propose: (
    id: string,
    { workflowId, nodeId }: StepKey,
    level: AutonomyLevel,
    threshold: number,
    figures: string,
    at: number,
  ): SqlWrite => ({
    sql: `INSERT INTO autonomy_proposals (id, workflow_id, node_id, level, threshold, figures, status, proposed_at)
    VALUES (?, ?, ?, ?, ?, ?, 'pending', ?)`,
    params: [id, workflowId, nodeId, level, threshold, figures, at],
  }),
  decide: (proposalId: string, status: string, at: number, by: string): SqlWrite => ({
    sql: `UPDATE autonomy_proposals SET status = ?, decided_at = ?, decided_by = ?
    WHERE id = ? AND status = 'pending'`,
    params: [status, at, by, proposalId],
  }),
}
