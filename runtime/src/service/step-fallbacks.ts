import { defaultFailuresInARow, fallbackStepOf, type FallbackStep } from '@conveyor/shared'
import type { StepFallbackView } from '@conveyor/shared/protocol/step-fallback'
import type { DeploymentCache, LoadedDeployment } from '../engine/deployments'
import type { BatchWriter } from '../engine/engine-parts'
import type { FallbackTable } from '../fallback/fallback-table'
import type { StepKey } from '../store/step-key'
import type { FallbackWork } from '../fallback/fallback-work'
import { InvalidError, NotFoundError } from './errors'

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

/**
 * The operator's switch between a step's automation and its manual fallback. It holds for the
 * workflow's step (by node id) in every deployment, running instances' included, so an outage is
 * handled in one place; what a step may do is read from the workflow's latest deployment.
 */
export class StepFallbackControl {
  constructor(
    private readonly deployments: DeploymentCache,
    private readonly table: FallbackTable,
    private readonly work: Pick<FallbackWork, 'switch'>,
    private readonly writer: Pick<BatchWriter, 'committed'>,
  ) {}

  async get(workflowId: string, nodeId: string): Promise<StepFallbackView> {
    const deployment = await this.deployment(workflowId)
    return this.view(deployment, nodeId, this.step(deployment, nodeId))
  }

  /** Every step of the latest deployment that can fall back, manual or not. */
  async list(workflowId: string): Promise<StepFallbackView[]> {
    const deployment = await this.deployment(workflowId)
    return Object.entries(deployment.compiled.manifest.nodes).flatMap(([nodeId, node]) => {
      const step = fallbackStepOf(node)
      return step ? [this.view(deployment, nodeId, step)] : []
    })
  }

  async set(
    workflowId: string,
    nodeId: string,
    change: { manual: boolean; reason: string },
    by: string,
  ): Promise<StepFallbackView> {
    const reason = change.reason.trim()
    if (!reason) {
      throw new InvalidError('say why the step is switched', [
        { path: 'reason', message: 'must say why, in a few words' },
      ])
    }
    const deployment = await this.deployment(workflowId)
    const step = this.step(deployment, nodeId)
    this.work.switch({ workflowId, nodeId }, change.manual, reason, by)
    await this.writer.committed()
    return this.view(deployment, nodeId, step)
  }

  private async deployment(workflowId: string): Promise<LoadedDeployment> {
    const deployment = await this.deployments.latestOf(workflowId)
    if (!deployment) throw new NotFoundError('deployed workflow', workflowId)
    return deployment
  }

  private step(deployment: LoadedDeployment, nodeId: string): FallbackStep {
    const node = deployment.compiled.manifest.nodes[nodeId]
    if (!node) throw new NotFoundError(`step of workflow "${deployment.workflowId}"`, nodeId)
    const step = fallbackStepOf(node)
    if (!step) {
      throw new InvalidError(
        `"${nodeId}" of workflow "${deployment.workflowId}" calls no outside service or assistant, so it has no manual fallback to switch to`,
        [{ path: 'nodeId', message: 'must be a step that calls an outside service or the assistant' }],
      )
    }
    return step
  }

  private view(deployment: LoadedDeployment, nodeId: string, step: FallbackStep): StepFallbackView {
    const key: StepKey = { workflowId: deployment.workflowId, nodeId }
    const state = this.table.state(key)
    return {
      ...key,
      manual: state.manual,
      since: iso(state.since),
      by: state.by,
      reason: state.reason,
      failuresInARow: state.failures,
      breakAfter: deployment.compiled.manifest.circuitBreaker?.failuresInARow ?? defaultFailuresInARow,
      lane: step.fallback.lane ?? null,
    }
  }
}
