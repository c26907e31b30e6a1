import { resolveAutonomy, type AutonomyLevel, type ResolvedAutonomy } from '@conveyor/shared'
import type { StepAutonomyView } from '@conveyor/shared/protocol/step-autonomy'
import type { AutonomyPolicy } from '../autonomy/autonomy-policy'
import type { DeploymentCache } from '../engine/deployments'
import { InvalidError, NotFoundError } from './errors'

/**
 * The owner's side of an augment step's autonomy. The settings (sampled share, bars) are those of
 * the workflow's latest deployment; the level and threshold set here hold for every deployment.
 */
export class StepAutonomyControl {
  constructor(
    private readonly deployments: DeploymentCache,
    private readonly policy: AutonomyPolicy,
  ) {}

  async get(workflowId: string, nodeId: string): Promise<StepAutonomyView> {
    return this.policy.view({ workflowId, nodeId }, await this.settings(workflowId, nodeId))
  }

  async set(
    workflowId: string,
    nodeId: string,
    change: { level: AutonomyLevel; threshold?: number },
    by: string,
  ): Promise<StepAutonomyView> {
    const settings = await this.settings(workflowId, nodeId)
    if (change.threshold !== undefined && !(change.threshold >= 0 && change.threshold <= 1)) {
      throw new InvalidError('the threshold is a confidence from 0 to 1', [
        { path: 'threshold', message: 'must be a number from 0 to 1' },
      ])
    }
    return this.policy.set({ workflowId, nodeId }, settings, change, by)
  }

  async decline(workflowId: string, nodeId: string, by: string): Promise<StepAutonomyView> {
    return this.policy.decline({ workflowId, nodeId }, await this.settings(workflowId, nodeId), by)
  }

  private async settings(workflowId: string, nodeId: string): Promise<ResolvedAutonomy> {
    const deployment = await this.deployments.latestOf(workflowId)
    if (!deployment) throw new NotFoundError('deployed workflow', workflowId)
    const node = deployment.compiled.manifest.nodes[nodeId]
    if (node?.kind !== 'step' || node.mode !== 'augment') {
      throw new NotFoundError(`augment step of workflow "${workflowId}"`, nodeId)
    }
    // Deployments made before steps had autonomy settings run with the defaults.
    return node.autonomy ?? resolveAutonomy(undefined)
  }
}
