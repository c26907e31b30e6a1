import { resolveAutonomy, type AutonomyLevel, type ResolvedAutonomy } from '@conveyor/shared'
import type { AutonomyFigures, StepAutonomyView } from '@conveyor/shared/protocol/step-autonomy'
import type { BatchWriter, Clock } from '../engine/engine-parts'
import { percent } from '../history/step-history-lines'
import { ConflictError } from '../service/errors'
import type { Suggestion, Verdict } from '../service/types'
import { routeSuggestion, type AutonomyInForce, type SuggestionRoute } from './autonomy-routing'
import { stepKeyText, type StepKey } from '../store/step-key'
import type { AutonomyTable } from './autonomy-table'

const levels: readonly AutonomyLevel[] = ['suggest', 'auto-apply', 'automate']
const up = (level: AutonomyLevel) => levels[levels.indexOf(level) + 1]
const down = (level: AutonomyLevel) => levels[levels.indexOf(level) - 1]

/**
 * An augment step's autonomy at run time: the level in force (the deployment's default until
 * someone or the runtime sets one, and then for every deployment), what becomes of each
 * suggestion, and the figures that propose a promotion or demote the step at once.
 */
export class AutonomyPolicy {
  /** Steps whose promotion or demotion is written but not yet committed: not judged twice. */
  private readonly settling = new Set<string>()
  /** Each step's judging under way: the next verdict's waits for it (judging reads, then writes). */
  private readonly judging = new Map<string, Promise<void>>()

  constructor(
    readonly table: AutonomyTable,
    private readonly writer: BatchWriter,
    private readonly now: Clock,
  ) {}

  async inForce(key: StepKey, settings: ResolvedAutonomy | undefined): Promise<AutonomyInForce> {
    const resolved = settings ?? resolveAutonomy(undefined)
    const stored = await this.table.level(key)
    return {
      level: stored?.level ?? resolved.level,
      threshold: stored?.threshold ?? resolved.threshold,
      sampleShare: resolved.sampleShare,
      belowThreshold: resolved.belowThreshold,
    }
  }

  /** What becomes of a suggestion at a visit (`sampleKey` is the visit's work id). */
  async route(
    key: StepKey,
    settings: ResolvedAutonomy | undefined,
    suggestion: Suggestion,
    sampleKey: string,
  ): Promise<SuggestionRoute & { inForce: AutonomyInForce }> {
    const inForce = await this.inForce(key, settings)
    return { ...routeSuggestion(inForce, suggestion, sampleKey), inForce }
  }

  async view(key: StepKey, settings: ResolvedAutonomy): Promise<StepAutonomyView> {
    const stored = await this.table.level(key)
    const inForce = await this.inForce(key, settings)
    const [figures, proposal] = await Promise.all([this.figures(key, settings, 0), this.table.pending(key)])
    return {
      ...key,
      level: inForce.level,
      threshold: inForce.threshold,
      source: stored ? 'policy' : 'document',
      setAt: stored ? new Date(stored.setAt).toISOString() : null,
      setBy: stored?.setBy ?? null,
      settings,
      figures,
      proposal: proposal ?? null,
    }
  }

  /** Sets the level in force for new visits; approves a pending proposal for that level. Audited. */
  async set(
    key: StepKey,
    settings: ResolvedAutonomy,
    change: { level: AutonomyLevel; threshold?: number },
    by: string,
  ): Promise<StepAutonomyView> {
    const before = await this.inForce(key, settings)
    const threshold = change.threshold ?? before.threshold
    const pending = await this.table.pending(key)
    const figures = await this.figures(key, settings, 0)
    const approves = pending !== undefined && pending.level === change.level
    if (pending) this.table.decide(pending.id, approves ? 'approved' : 'superseded', by)
    this.table.setLevel(key, change.level, threshold, by)
    this.audit(key, by, 'autonomy.changed', {
      from: { level: before.level, threshold: before.threshold },
      to: { level: change.level, threshold },
      ...(pending ? { proposalId: pending.id, proposal: approves ? 'approved' : 'superseded' } : {}),
      figures,
    })
    await this.writer.committed()
    return this.view(key, settings)
  }

  /** Declines the pending proposal; the next one waits for a full window of reviews after this. */
  async decline(key: StepKey, settings: ResolvedAutonomy, by: string): Promise<StepAutonomyView> {
    const pending = await this.table.pending(key)
    if (!pending) {
      throw new ConflictError(`step "${key.nodeId}" has no pending proposal to decline`, 'no_proposal')
    }
    this.table.decide(pending.id, 'declined', by)
    this.audit(key, by, 'autonomy.declined', {
      proposalId: pending.id,
      level: pending.level,
      threshold: pending.threshold,
      figures: pending.figures,
    })
    await this.writer.committed()
    return this.view(key, settings)
  }

  /**
   * Replicas on one database: the workflow's owner judges its steps, so two replicas never
   * propose or demote at once. A verdict recorded on another replica is handed to the owner here
   * (true: handed over); by default every verdict is judged where it was recorded.
   */
  handToOwner: (key: StepKey, settings: ResolvedAutonomy) => boolean = () => false

  /** A person's verdict on a suggestion, recorded in its transaction; judged once that commits. */
  reviewed(key: StepKey, settings: ResolvedAutonomy | undefined, verdict: Verdict, sampled: boolean): void {
    this.table.recordReview(key, verdict, sampled)
    const resolved = settings ?? resolveAutonomy(undefined)
    this.writer.afterCommit(() => {
      if (!this.handToOwner(key, resolved)) this.judgeInTurn(key, resolved)
    })
  }

  /** Judges after the step's judging under way, so two verdicts never propose or demote twice. */
  judgeInTurn(key: StepKey, settings: ResolvedAutonomy): void {
    const id = stepKeyText(key)
    const turn = (this.judging.get(id) ?? Promise.resolve())
      .then(() => this.judge(key, settings))
      .catch((error: unknown) =>
        console.error(
          `Judging the autonomy of step "${key.nodeId}" of "${key.workflowId}" failed:`,
          error instanceof Error ? error.message : error,
        ),
      )
      .finally(() => {
        if (this.judging.get(id) === turn) this.judging.delete(id)
      })
    this.judging.set(id, turn)
  }

  /** Demotes at once when the figures fall below the bar; proposes a promotion when they clear it. */
  private async judge(key: StepKey, settings: ResolvedAutonomy): Promise<void> {
    const id = stepKeyText(key)
    if (this.settling.has(id)) return
    const stored = await this.table.level(key)
    const inForce = await this.inForce(key, settings)
    const { promotion, demotion } = settings
    // Accuracy over the rolling window, whatever the level was; overrides among samples since it was set.
    const figures = await this.figures(key, settings, 0)
    const pending = await this.table.pending(key)
    // Everything is read: from here on the judgement only writes, in one turn of the event loop.
    if (this.settling.has(id)) return
    const lower = down(inForce.level)
    if (lower) {
      const spike = figures.sampledOverrides >= demotion.overrides
      const inaccurate =
        figures.reviewed >= promotion.minReviewed && (figures.accuracy ?? 1) < demotion.accuracy
      if (spike || inaccurate) {
        this.settle(id)
        if (pending) this.table.decide(pending.id, 'superseded', 'system')
        this.table.setLevel(key, lower, inForce.threshold, 'system')
        this.audit(key, 'system', 'autonomy.demoted', {
          from: inForce.level,
          to: lower,
          reason: spike
            ? `${figures.sampledOverrides} of the last ${figures.sampledReviewed} sampled reviews were overrides (bar: ${demotion.overrides} of ${demotion.ofSampled})`
            : `accuracy ${percent(figures.accuracy)} over the last ${figures.reviewed} reviews is below the bar of ${percent(demotion.accuracy)}`,
          figures,
        })
        return
      }
    }
    const higher = up(inForce.level)
    if (!higher || pending) return
    // A promotion needs a full window of reviews since the level was set or a proposal declined.
    const since = Math.max(stored?.setAt ?? 0, await this.table.lastDeclined(key))
    const recent = await this.figures(key, settings, since)
    if (this.settling.has(id)) return
    if (recent.reviewed < promotion.minReviewed || (recent.accuracy ?? 0) < promotion.accuracy) return
    this.settle(id)
    const proposalId = this.table.propose(key, higher, inForce.threshold, recent)
    this.audit(key, 'system', 'autonomy.proposed', {
      proposalId,
      from: inForce.level,
      to: higher,
      threshold: inForce.threshold,
      figures: recent,
    })
  }

  /** The workflow was deleted with its levels. */
  forget(workflowId: string): void {
    this.table.forget(workflowId)
  }

  private settle(id: string): void {
    this.settling.add(id)
    const done = () => this.settling.delete(id)
    this.writer.committed().then(done, done)
  }

  private async figures(key: StepKey, settings: ResolvedAutonomy, since: number): Promise<AutonomyFigures> {
    const stored = await this.table.level(key)
    const { promotion, demotion } = settings
    return this.table.figures(key, promotion.minReviewed, since, demotion.ofSampled, stored?.setAt ?? 0)
  }

  private audit(key: StepKey, actor: string, action: string, detail: Record<string, unknown>): void {
    this.writer.auditWorkflow({ at: this.now(), actor, action, ...key, detail })
  }
}
