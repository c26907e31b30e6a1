import type { StepKey } from '../store/step-key'
import { randomUUID } from 'node:crypto'
import type { AutonomyLevel } from '@conveyor/shared'
import type { AutonomyFigures, AutonomyProposal } from '@conveyor/shared/protocol/step-autonomy'
import type { Verdict } from '../service/types'
import type { Db } from '../store/database'
import type { BatchWriter, Clock } from '../engine/engine-parts'

/** The level a step runs at, as stored: absent until someone or the runtime sets one. */
export interface StoredLevel {
  level: AutonomyLevel
  threshold: number
  setAt: number
  setBy: string
}

interface ProposalRow {
  id: string
  level: AutonomyLevel
  threshold: number
  figures: string
  proposed_at: number
}

/** The writes, as the batch takes them. */
const writes = {
  setLevel: `INSERT INTO step_autonomy (workflow_id, node_id, level, threshold, set_at, set_by)
    VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (workflow_id, node_id) DO UPDATE SET level = excluded.level,
    threshold = excluded.threshold, set_at = excluded.set_at, set_by = excluded.set_by`,
  review: 'INSERT INTO autonomy_reviews (workflow_id, node_id, at, verdict, sampled) VALUES (?, ?, ?, ?, ?)',
  propose: `INSERT INTO autonomy_proposals (id, workflow_id, node_id, level, threshold, figures, status, proposed_at)
    VALUES (?, ?, ?, ?, ?, ?, 'pending', ?)`,
  decide: `UPDATE autonomy_proposals SET status = ?, decided_at = ?, decided_by = ?
    WHERE id = ? AND status = 'pending'`,
}

/**
 * The autonomy tables: the level in force per step, the reviews its accuracy is measured on and
 * the promotions the runtime proposed. Writes go into the open batch; reads see what is committed.
 */
export class AutonomyTable {
  private readonly sql

  constructor(
    db: Db,
    private readonly writer: BatchWriter,
    private readonly now: Clock,
  ) {
    this.sql = {
      level: db.prepare(
        'SELECT level, threshold, set_at AS setAt, set_by AS setBy FROM step_autonomy WHERE workflow_id = ? AND node_id = ?',
      ),
      latest:
        db.prepare(`SELECT verdict FROM autonomy_reviews WHERE workflow_id = ? AND node_id = ? AND at > ?
        ORDER BY seq DESC LIMIT ?`),
      latestSampled: db.prepare(`SELECT verdict FROM autonomy_reviews
        WHERE workflow_id = ? AND node_id = ? AND at > ? AND sampled = 1 ORDER BY seq DESC LIMIT ?`),
      pending: db.prepare(`SELECT id, level, threshold, figures, proposed_at FROM autonomy_proposals
        WHERE workflow_id = ? AND node_id = ? AND status = 'pending'`),
      lastDeclined: db.prepare(`SELECT MAX(decided_at) AS at FROM autonomy_proposals
        WHERE workflow_id = ? AND node_id = ? AND status = 'declined'`),
    }
  }

  level({ workflowId, nodeId }: StepKey): StoredLevel | undefined {
    return this.sql.level.get(workflowId, nodeId) as StoredLevel | undefined
  }

  setLevel({ workflowId, nodeId }: StepKey, level: AutonomyLevel, threshold: number, by: string): void {
    const at = this.now()
    this.writer.write(writes.setLevel, [workflowId, nodeId, level, threshold, at, by])
  }

  recordReview({ workflowId, nodeId }: StepKey, verdict: Verdict, sampled: boolean): void {
    const at = this.now()
    this.writer.write(writes.review, [workflowId, nodeId, at, verdict, sampled ? 1 : 0])
  }

  /**
   * Accuracy over the latest `window` reviews made after `since`, and the overrides among the
   * latest `ofSampled` sampled reviews after `sampledSince`.
   */
  figures(
    { workflowId, nodeId }: StepKey,
    window: number,
    since: number,
    ofSampled: number,
    sampledSince: number,
  ): AutonomyFigures {
    const latest = this.sql.latest.all(workflowId, nodeId, since, window) as Array<{ verdict: Verdict }>
    const sampled = this.sql.latestSampled.all(workflowId, nodeId, sampledSince, ofSampled) as Array<{
      verdict: Verdict
    }>
    const accepted = latest.filter((row) => row.verdict === 'accept').length
    return {
      window,
      reviewed: latest.length,
      accepted,
      accuracy: latest.length === 0 ? null : Number((accepted / latest.length).toFixed(4)),
      sampledReviewed: sampled.length,
      sampledOverrides: sampled.filter((row) => row.verdict === 'override').length,
    }
  }

  pending({ workflowId, nodeId }: StepKey): AutonomyProposal | undefined {
    const row = this.sql.pending.get(workflowId, nodeId) as ProposalRow | undefined
    if (!row) return undefined
    return {
      id: row.id,
      level: row.level,
      threshold: row.threshold,
      figures: JSON.parse(row.figures) as AutonomyFigures,
      proposedAt: new Date(row.proposed_at).toISOString(),
    }
  }

  /** When a proposal for this step was last declined (0 if never). */
  lastDeclined({ workflowId, nodeId }: StepKey): number {
    return (this.sql.lastDeclined.get(workflowId, nodeId) as { at: number | null }).at ?? 0
  }

  propose(
    { workflowId, nodeId }: StepKey,
    level: AutonomyLevel,
    threshold: number,
    figures: AutonomyFigures,
  ): string {
    const id = randomUUID()
    const at = this.now()
    const json = JSON.stringify(figures)
    this.writer.write(writes.propose, [id, workflowId, nodeId, level, threshold, json, at])
    return id
  }

  decide(proposalId: string, status: 'approved' | 'declined' | 'superseded', by: string): void {
    const at = this.now()
    this.writer.write(writes.decide, [status, at, by, proposalId])
  }
}
