import type { GuardrailComparison, GuardrailMetric } from '@conveyor/shared/protocol/pilots'
import type { Clock } from '../engine/engine-parts'
import type { EndedItems } from './ended-items'
import { compareOnGuardrails } from './guardrail-figures'
import type { Pilot, PilotTable } from './pilot-table'

/** A figure as people read it: a lead time in ms, every other metric a share in per cent. */
function shown(metric: GuardrailMetric, value: number): string {
  return metric === 'leadTimeP90' ? `${Math.round(value)} ms` : `${Number((value * 100).toFixed(1))}%`
}

/** "errorRate 100% over the limit of 20% (5 pilot items)", for the audit and the pilot's reason. */
export function describeBreach(c: GuardrailComparison): string {
  const value = shown(c.metric, c.pilot.value ?? 0)
  const limit =
    c.max !== undefined
      ? `the limit of ${shown(c.metric, c.max)}`
      : `${c.maxVsBaseline}× the baseline's ${shown(c.metric, c.baseline.value ?? 0)}`
  return `${c.metric} ${value} over ${limit} (${c.pilot.items} pilot items)`
}

/** Which workflows' pilots this replica judges, and how often it looks for items ended elsewhere. */
export interface PilotOwnership {
  owns(workflowId: string): boolean
  /** Absent: every item ends here (one process), so there is nothing to look for. */
  pollEveryMs?: number
}

/** The shortest time between two evaluations of a workflow's pilot. */
const judgeEveryMs = 250

/** setTimeout's longest delay; a later `until` is waited for in steps. */
const longestTimeout = 2 ** 31 - 1

/**
 * Keeps running pilots within their guardrails: as items of a workflow end, compares its running
 * pilot with the baseline and, once a guardrail is breached with at least `minItems` pilot items
 * ended, rolls the pilot back at once (`pilot.breached` with the figures, then `pilot.rolled-back`
 * by `system`). A pilot whose `until` passed ends without promotion.
 *
 * Replicas on one database: only the owner of the workflow's partition (`owns`) judges its pilot.
 * Items end on whichever replica owns each instance, so the owner hears of its own and also looks
 * every `pollEveryMs` at the running pilots it owns (which also covers a workflow it just gained).
 */
export class PilotGuard {
  /** Workflows with an evaluation planned: many items ending together make one evaluation. */
  private readonly planned = new Set<string>()
  /** When each workflow's pilot was last judged. */
  private readonly judgedAt = new Map<string, number>()
  private untilTimer: NodeJS.Timeout | undefined
  /** Until `start`: a process that runs no workflows (a CLI on the data folder) judges no pilots. */
  private stopped = true

  private pollTimer: NodeJS.Timeout | undefined

  constructor(
    private readonly table: PilotTable,
    private readonly items: EndedItems,
    private readonly now: Clock,
    private readonly ownership: PilotOwnership = { owns: () => true },
  ) {}

  /** Pilot against baseline (baseline instances started since the pilot started), per guardrail. */
  async compare(pilot: Pilot): Promise<GuardrailComparison[]> {
    const since = pilot.startedAt
    const [pilotItems, baselineItems] = await Promise.all([
      this.items.of(pilot.workflowId, pilot.version, since),
      this.items.of(pilot.workflowId, pilot.baselineVersion, since),
    ])
    return compareOnGuardrails(pilot.settings.guardrails, pilotItems, baselineItems)
  }

  /** After a restart: what ended while the server was down is judged now, and `until` is watched. */
  start(): void {
    this.stopped = false
    for (const pilot of this.owned()) this.judge(pilot)
    this.watchUntil()
    const { pollEveryMs } = this.ownership
    if (pollEveryMs !== undefined) {
      this.pollTimer = setInterval(() => {
        for (const pilot of this.owned()) this.itemEnded(pilot.workflowId)
      }, pollEveryMs)
      this.pollTimer.unref()
    }
  }

  stop(): void {
    this.stopped = true
    clearTimeout(this.untilTimer)
    clearInterval(this.pollTimer)
  }

  /** The running pilots of the workflows this replica owns. */
  private owned(): Pilot[] {
    return this.table.allRunning().filter((pilot) => this.ownership.owns(pilot.workflowId))
  }

  /**
   * An item of the workflow ended (or stopped in an incident), committed: judge its running pilot
   * soon. Every item ended meanwhile is judged in the same evaluation, at most one per workflow a
   * `judgeEveryMs`: each reads both versions' ended items, which grow with the pilot.
   */
  itemEnded(workflowId: string): void {
    if (this.stopped || this.planned.has(workflowId) || !this.table.running(workflowId)) return
    if (!this.ownership.owns(workflowId)) return
    this.planned.add(workflowId)
    const due = (this.judgedAt.get(workflowId) ?? -Infinity) + judgeEveryMs
    const timer = setTimeout(
      () => {
        this.planned.delete(workflowId)
        this.judgedAt.set(workflowId, this.now())
        const pilot = this.table.running(workflowId)
        if (pilot && !this.stopped && this.ownership.owns(workflowId)) this.judge(pilot)
      },
      Math.max(0, due - this.now()),
    )
    timer.unref()
  }

  /** A pilot started or ended: the next `until` to wait for may have changed. */
  watchUntil(): void {
    clearTimeout(this.untilTimer)
    if (this.stopped) return
    const ends = this.table
      .allRunning()
      .flatMap((p) => (p.settings.until ? [Date.parse(p.settings.until)] : []))
    if (ends.length === 0) return
    const delay = Math.max(0, Math.min(longestTimeout, Math.min(...ends) - this.now()))
    this.untilTimer = setTimeout(() => {
      for (const pilot of this.owned()) this.judge(pilot)
      this.watchUntil()
    }, delay)
    this.untilTimer.unref()
  }

  /** Checks the pilot in the background; a failed read is reported, and the next item ended tries again. */
  private judge(pilot: Pilot): void {
    this.check(pilot).catch((error: unknown) =>
      console.error(
        `Judging the pilot of "${pilot.workflowId}" version ${pilot.version} failed:`,
        error instanceof Error ? error.message : error,
      ),
    )
  }

  private async check(pilot: Pilot): Promise<void> {
    const { until, minItems } = pilot.settings
    if (until && Date.parse(until) <= this.now()) {
      this.table.end(pilot, 'ended', 'system', `ran until ${until}`)
      this.watchUntil()
      return
    }
    const comparison = await this.compare(pilot)
    // Read while other work went on: a pilot someone promoted or rolled back meanwhile is left alone,
    // and so is one whose workflow another replica owns now.
    if (this.stopped || pilot.state !== 'running' || !this.ownership.owns(pilot.workflowId)) return
    const breached = comparison.filter((c) => c.breached)
    const pilotItems = comparison[0]?.pilot.items ?? 0
    if (breached.length === 0 || pilotItems < minItems) return
    const reason = breached.map(describeBreach).join('; ')
    this.table.audit(pilot, 'pilot.breached', 'system', {
      breached: breached.map((c) => c.metric),
      comparison,
    })
    this.table.end(pilot, 'rolled-back', 'system', reason)
    this.watchUntil()
  }
}
