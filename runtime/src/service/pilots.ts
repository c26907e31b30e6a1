import { checkExpression } from '@conveyor/shared'
import { defaultPilotMinItems, type PilotSettings, type PilotView } from '@conveyor/shared/protocol/pilots'
import type { Clock } from '../engine/engine-parts'
import type { PilotGuard } from '../pilots/pilot-guard'
import type { Pilot, PilotTable } from '../pilots/pilot-table'
import type { Writer } from '../store/writer'
import { ConflictError, InvalidError, NotFoundError } from './errors'
import type { Actor } from './types'
import { iso } from './views'
import type { DeployAlongside, WorkflowCatalog } from './workflows'

/**
 * Pilots as people run them: a deploy that starts one (checked, with the version it is compared
 * with), the list with each pilot's comparison, and promotion or rollback by hand.
 */
export class PilotControl {
  constructor(
    private readonly table: PilotTable,
    private readonly guard: PilotGuard,
    private readonly catalog: WorkflowCatalog,
    private readonly writer: Pick<Writer, 'committed'>,
    private readonly now: Clock,
  ) {}

  /**
   * The pilot a deploy asks for, checked and with its defaults; InvalidError naming the field.
   * The shape is checked at the API's edge; this checks what needs the runtime.
   */
  async settle(workflowId: string, pilot: PilotSettings): Promise<Pilot['settings']> {
    const wrong = (path: string, message: string) =>
      new InvalidError(`the pilot cannot start: ${path} ${message}`, [{ path, message }])
    if ((pilot.share === undefined) === (pilot.segment === undefined)) {
      throw wrong('pilot', 'must have exactly one of share and segment')
    }
    if (pilot.segment !== undefined) {
      const check = checkExpression(pilot.segment)
      if (!check.ok) throw wrong('pilot.segment', `is not a JSONata expression: ${check.message}`)
    }
    if (pilot.until !== undefined && !(Date.parse(pilot.until) > this.now())) {
      throw wrong('pilot.until', 'must be a time in the future')
    }
    pilot.guardrails.forEach((guardrail, i) => {
      if ((guardrail.max === undefined) === (guardrail.maxVsBaseline === undefined)) {
        throw wrong(`pilot.guardrails[${i}]`, 'must have exactly one of max and maxVsBaseline')
      }
    })
    if (!(await this.catalog.currentDeploymentId(workflowId))) {
      throw wrong('pilot', 'needs a deployed version to compare with: deploy the workflow first')
    }
    return { ...pilot, minItems: pilot.minItems ?? defaultPilotMinItems }
  }

  /** ConflictError `pilot_running` while the workflow has a running pilot. */
  assertNoneRunning(workflowId: string): void {
    const running = this.table.running(workflowId)
    if (!running) return
    throw new ConflictError(
      `workflow "${workflowId}" has a running pilot (version ${running.version}): promote it or roll it back first`,
      'pilot_running',
      { version: running.version },
    )
  }

  /**
   * What a deploy records to start the pilot, in its transaction, against today's current version;
   * checked again that no pilot runs when the deployment is written.
   */
  async alongside(workflowId: string, settings: Pilot['settings'], by: Actor): Promise<DeployAlongside> {
    this.assertNoneRunning(workflowId)
    const current = await this.catalog.deployment((await this.catalog.currentDeploymentId(workflowId))!)
    return {
      detail: { pilot: settings },
      recheck: () => this.assertNoneRunning(workflowId),
      record: (_deploymentId, version) => {
        this.table.begin(workflowId, version, current.version, settings, by)
        this.guard.watchUntil()
      },
    }
  }

  /** The workflow is being deleted: its running pilot ends with it (no promotion). */
  endWithWorkflow(workflowId: string, by: Actor): void {
    const pilot = this.table.running(workflowId)
    if (!pilot) return
    this.table.end(pilot, 'ended', by, 'the workflow was deleted')
    this.guard.watchUntil()
  }

  async list(workflowId: string): Promise<PilotView[]> {
    await this.catalog.row(workflowId)
    return Promise.all(this.table.list(workflowId).map((pilot) => this.view(pilot)))
  }

  async promote(workflowId: string, version: number, by: Actor): Promise<PilotView> {
    const comparison = await this.guard.compare(await this.runningPilot(workflowId, version))
    // Asked again after the read: the guard may have rolled it back meanwhile.
    const pilot = this.runningNow(workflowId, version)
    this.table.end(pilot, 'promoted', by, null, { comparison })
    return this.ended(pilot)
  }

  async rollback(workflowId: string, version: number, by: Actor, reason?: string): Promise<PilotView> {
    const comparison = await this.guard.compare(await this.runningPilot(workflowId, version))
    const pilot = this.runningNow(workflowId, version)
    this.table.end(pilot, 'rolled-back', by, reason?.trim() || null, { comparison })
    return this.ended(pilot)
  }

  private async ended(pilot: Pilot): Promise<PilotView> {
    this.guard.watchUntil()
    await this.writer.committed()
    return this.view(pilot)
  }

  /** The running pilot of a workflow that exists. */
  private async runningPilot(workflowId: string, version: number): Promise<Pilot> {
    await this.catalog.row(workflowId)
    return this.runningNow(workflowId, version)
  }

  /** The running pilot as memory holds it now: asked again after every await before acting on it. */
  private runningNow(workflowId: string, version: number): Pilot {
    const pilot = this.table.get(workflowId, version)
    if (!pilot) throw new NotFoundError('pilot', `${workflowId}@${version}`)
    if (pilot.state !== 'running') {
      throw new ConflictError(
        `the pilot of "${workflowId}" version ${version} is ${pilot.state}, not running`,
        'pilot_not_running',
        { state: pilot.state },
      )
    }
    return pilot
  }

  private async view(pilot: Pilot): Promise<PilotView> {
    const { share, segment, guardrails, minItems, until } = pilot.settings
    return {
      version: pilot.version,
      baselineVersion: pilot.baselineVersion,
      ...(share !== undefined ? { share } : {}),
      ...(segment !== undefined ? { segment } : {}),
      guardrails,
      minItems,
      ...(until !== undefined ? { until } : {}),
      state: pilot.state,
      startedAt: iso(pilot.startedAt),
      startedBy: pilot.startedBy,
      ...(pilot.endedAt !== null ? { endedAt: iso(pilot.endedAt) } : {}),
      ...(pilot.endedBy !== null ? { endedBy: pilot.endedBy } : {}),
      ...(pilot.reason !== null ? { reason: pilot.reason } : {}),
      comparison: await this.guard.compare(pilot),
    }
  }
}
