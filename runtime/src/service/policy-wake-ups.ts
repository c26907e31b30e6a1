import type { AutonomyTable } from '../autonomy/autonomy-table'
import type { FallbackTable } from '../fallback/fallback-table'
import type { PilotTable } from '../pilots/pilot-table'
import { notify, type NotificationListener } from '../store/postgres/notifications'
import { stepFallbackRows, stepFallbackRowsOf } from '../store/repositories/step-fallback-rows'
import type { SqlDatabase } from '../store/sql'
import type { Writer } from '../store/writer'

/** The policies every replica holds in memory per workflow, and reloads when another changes them. */
export type PolicyKind = 'fallback' | 'pilot' | 'autonomy'

/** The channel on which a replica says "a workflow's policy changed" (payload `<kind>:<workflow id>`). */
export const policyChannel = 'conveyor_policy'

/** What holds each kind of policy in memory. */
export interface PolicyHolders {
  fallbacks: FallbackTable
  pilots: PilotTable
  autonomy: AutonomyTable
}

/**
 * Keeps the policies replicas hold in memory (steps switched to manual, pilots, autonomy levels in
 * force) the same on all of them: a change sends a wake-up once it has committed, and every
 * replica, the sender too, reloads that workflow's rows of that kind. After the listener
 * reconnects (wake-ups sent meanwhile are lost) everything is reloaded. Wake-ups are PostgreSQL's:
 * on SQLite one process holds the only copy, and `changed` sends nothing.
 */
export class PolicyWakeUps {
  private readonly reloads: Record<PolicyKind, (workflowId: string) => Promise<void>>

  constructor(
    private readonly sql: SqlDatabase,
    private readonly writer: Pick<Writer, 'afterCommit'>,
    private readonly holders: PolicyHolders,
    private readonly onError: (error: unknown) => void,
  ) {
    holders.fallbacks.onSwitched = (key) => this.changed('fallback', key.workflowId)
    holders.pilots.onChanged = (workflowId) => this.changed('pilot', workflowId)
    holders.autonomy.onChanged = (workflowId) => this.changed('autonomy', workflowId)
    this.reloads = {
      fallback: async (workflowId) =>
        holders.fallbacks.reload(workflowId, await stepFallbackRowsOf(sql, workflowId)),
      pilot: (workflowId) => holders.pilots.reload(workflowId),
      autonomy: async (workflowId) => holders.autonomy.forget(workflowId),
    }
  }

  /** The workflow's policy of `kind` was written in the open batch: wake the replicas once it commits. */
  changed(kind: PolicyKind, workflowId: string): void {
    if (this.sql.engine !== 'postgres') return
    this.writer.afterCommit(() => {
      notify(this.sql, policyChannel, `${kind}:${workflowId}`).catch(this.onError)
    })
  }

  /**
   * Reloads what each wake-up names, and everything after the listener reconnects. Resolves once
   * the listener listens; the function it gives stops both.
   */
  async listen(listener: Pick<NotificationListener, 'listen' | 'onReconnected'>): Promise<() => void> {
    const stopListening = await listener.listen(policyChannel, (payload) => {
      const wakeUp = parseWakeUp(payload)
      if (!wakeUp) {
        this.onError(new Error(`the policy wake-up "${payload}" names no kind of policy and workflow`))
        return
      }
      this.reloads[wakeUp.kind](wakeUp.workflowId).catch(this.onError)
    })
    const stopReconnected = listener.onReconnected(() => void this.reloadAll().catch(this.onError))
    return () => {
      stopListening()
      stopReconnected()
    }
  }

  private async reloadAll(): Promise<void> {
    const { fallbacks, pilots, autonomy } = this.holders
    fallbacks.loadAll(await stepFallbackRows(this.sql))
    await pilots.load()
    autonomy.forgetAll()
  }
}

function parseWakeUp(payload: string): { kind: PolicyKind; workflowId: string } | undefined {
  const colon = payload.indexOf(':')
  const kind = payload.slice(0, colon)
  const workflowId = payload.slice(colon + 1)
  if (colon < 0 || !isPolicyKind(kind) || !workflowId) return undefined
  return { kind, workflowId }
}

const isPolicyKind = (kind: string): kind is PolicyKind =>
  kind === 'fallback' || kind === 'pilot' || kind === 'autonomy'
