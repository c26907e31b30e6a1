import type { TriggerManifest } from '@conveyor/shared'
import { Cron } from 'croner'
import type { DeploymentCache } from '../engine/deployments'
import type { StartInstanceRequest } from './types'
import type { WorkflowCatalog } from './workflows'

/**
 * Starts instances of deployed workflows on their schedule triggers. Each start carries the
 * idempotency key `schedule:<trigger>:<planned time>`, so a tick is never started twice.
 */
export class Scheduler {
  private readonly jobs = new Map<string, Cron[]>()
  private running = false

  constructor(
    private readonly catalog: WorkflowCatalog,
    private readonly deployments: DeploymentCache,
    private readonly start: (request: StartInstanceRequest) => Promise<unknown>,
    private readonly onError: (error: unknown) => void,
  ) {}

  startAll(): void {
    this.running = true
    for (const workflow of this.catalog.list()) this.refresh(workflow.id)
  }

  /** Re-reads the workflow's latest deployment (after a deploy or a delete). */
  refresh(workflowId: string): void {
    for (const job of this.jobs.get(workflowId) ?? []) job.stop()
    this.jobs.delete(workflowId)
    if (!this.running || !this.catalog.exists(workflowId)) return
    const deploymentId = this.catalog.latestDeploymentId(workflowId)
    const deployment = deploymentId ? this.deployments.get(deploymentId) : undefined
    if (!deployment) return
    const jobs: Cron[] = []
    for (const triggerId of deployment.compiled.manifest.triggers) {
      const trigger = deployment.compiled.manifest.nodes[triggerId] as TriggerManifest
      if (trigger.start.kind !== 'schedule') continue
      const { cron, timezone } = trigger.start
      jobs.push(
        new Cron(cron, { ...(timezone ? { timezone } : {}), protect: true }, (self) => {
          const planned = (self.currentRun() ?? new Date()).toISOString()
          this.start({
            workflowId,
            trigger: triggerId,
            input: { scheduledAt: planned },
            idempotencyKey: `schedule:${triggerId}:${planned}`,
            by: 'schedule',
          }).catch(this.onError)
        }),
      )
    }
    this.jobs.set(workflowId, jobs)
  }

  stopAll(): void {
    this.running = false
    for (const jobs of this.jobs.values()) for (const job of jobs) job.stop()
    this.jobs.clear()
  }
}
