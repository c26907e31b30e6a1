import { randomUUID } from 'node:crypto'
import type { AutonomyLevel } from '@conveyor/shared'
import type { AutonomyFigures, AutonomyProposal } from '@conveyor/shared/protocol/step-autonomy'
import type { BatchWriter, Clock } from '../engine/engine-parts'
import type { Verdict } from '../service/types'
import {
  autonomyWrites,
  lastDeclinedAt,
  latestVerdicts,
  pendingProposal,
  storedLevel,
  type StoredLevel,
} from '../store/repositories/autonomy-rows'
import type { SqlExecutor } from '../store/sql'
import type { SqlWrite } from '../store/writer'
import { forgetStepsOf, stepKeyText, type StepKey } from '../store/step-key'

export type { StoredLevel }

/**
 * The autonomy tables: the level in force per step, the reviews its accuracy is measured on and
 * the promotions the runtime proposed. Writes go into the open batch; reads see what is committed.
 *
 * The level is asked on every visit of an augment step, so it is kept in memory per step: read
 * once, then kept in step by this process's own writes, taken in once they commit. Replicas on
 * one database each hold levels: a level set on one wakes the others (`onChanged`, once
 * committed), which forget that workflow's levels and read them again when next asked.
 * The reviews and proposals are read when a verdict is judged or a person looks: no cache.
 */
export class AutonomyTable {
  /** Each step's stored level as committed (null: none set), for the steps asked about so far. */
  private readonly levels = new Map<string, StoredLevel | null>()
  /** Raised by each `forget`: a level read before it may be older than the change that caused it. */
  private forgotten = 0
  /** Told of each level set, as it is written. */
  onChanged: (workflowId: string) => void = () => undefined

  constructor(
    private readonly sql: SqlExecutor,
    private readonly writer: BatchWriter,
    private readonly now: Clock,
  ) {}

  async level(key: StepKey): Promise<StoredLevel | undefined> {
    const id = stepKeyText(key)
    const known = this.levels.get(id)
    if (known !== undefined) return known ?? undefined
    const forgotten = this.forgotten
    const stored = (await storedLevel(this.sql, key)) ?? null
    // A level set while this was read is newer than what was read: it stays. Levels forgotten
    // meanwhile were changed elsewhere, perhaps after this read: it is not kept.
    if (forgotten !== this.forgotten) return stored ?? undefined
    if (!this.levels.has(id)) this.levels.set(id, stored)
    return this.levels.get(id) ?? undefined
  }

  setLevel(key: StepKey, level: AutonomyLevel, threshold: number, by: string): void {
    const at = this.now()
    this.write(autonomyWrites.setLevel(key, level, threshold, at, by))
    this.writer.afterCommit(() =>
      this.levels.set(stepKeyText(key), { level, threshold, setAt: at, setBy: by }),
    )
    this.onChanged(key.workflowId)
  }

  recordReview(key: StepKey, verdict: Verdict, sampled: boolean): void {
    this.write(autonomyWrites.review(key, this.now(), verdict, sampled))
  }

  /**
   * Accuracy over the latest `window` reviews made after `since`, and the overrides among the
   * latest `ofSampled` sampled reviews after `sampledSince`.
   */
  async figures(
    key: StepKey,
    window: number,
    since: number,
    ofSampled: number,
    sampledSince: number,
  ): Promise<AutonomyFigures> {
    const [latest, sampled] = await Promise.all([
      latestVerdicts(this.sql, key, since, window, false),
      latestVerdicts(this.sql, key, sampledSince, ofSampled, true),
    ])
    const accepted = latest.filter((verdict) => verdict === 'accept').length
    return {
      window,
      reviewed: latest.length,
      accepted,
      accuracy: latest.length === 0 ? null : Number((accepted / latest.length).toFixed(4)),
      sampledReviewed: sampled.length,
      sampledOverrides: sampled.filter((verdict) => verdict === 'override').length,
    }
  }

  async pending(key: StepKey): Promise<AutonomyProposal | undefined> {
    const row = await pendingProposal(this.sql, key)
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
  lastDeclined(key: StepKey): Promise<number> {
    return lastDeclinedAt(this.sql, key)
  }

  propose(key: StepKey, level: AutonomyLevel, threshold: number, figures: AutonomyFigures): string {
    const id = randomUUID()
    this.write(autonomyWrites.propose(id, key, level, threshold, JSON.stringify(figures), this.now()))
    return id
  }

  decide(proposalId: string, status: 'approved' | 'declined' | 'superseded', by: string): void {
    this.write(autonomyWrites.decide(proposalId, status, this.now(), by))
  }

  /**
   * The workflow's levels changed elsewhere (another replica set one), or went with the workflow
   * (a workflow made later under its id starts from none): they are read again when next asked.
   */
  forget(workflowId: string): void {
    this.forgotten++
    forgetStepsOf(this.levels, workflowId)
  }

  /** Every level may have changed elsewhere (wake-ups were missed): all are read again when next asked. */
  forgetAll(): void {
    this.forgotten++
    this.levels.clear()
  }

  private write({ sql, params }: SqlWrite): void {
    this.writer.write(sql, params)
  }
}
