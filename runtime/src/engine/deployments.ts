import type { CompiledWorkflow } from '@conveyor/shared'
import type { AnyStateMachine } from 'xstate'
import { ExpressionCache, ExpressionPool } from '../expressions/sandbox'
import { deploymentRow, latestDeploymentId } from '../store/repositories/deployment-rows'
import type { SqlExecutor } from '../store/sql'
import { buildMachine } from './machine'

/** A deployment ready to run: its machine built and its expressions compiled once. */
export interface LoadedDeployment {
  id: string
  workflowId: string
  version: number
  compiled: CompiledWorkflow
  machine: AnyStateMachine
  expressions: ExpressionCache
}

/**
 * Deployments are immutable, so each one is read and built once and kept for good (on every
 * replica alike); a read in flight is shared, so one deployment is never built twice.
 */
export class DeploymentCache {
  private readonly loaded = new Map<string, Promise<LoadedDeployment | undefined>>()
  /** Every deployment's expressions run in the same worker threads (started on first use). */
  private readonly expressionPool = new ExpressionPool()

  constructor(private readonly sql: SqlExecutor) {}

  get(deploymentId: string): Promise<LoadedDeployment | undefined> {
    let deployment = this.loaded.get(deploymentId)
    if (!deployment) {
      deployment = this.read(deploymentId)
      this.loaded.set(deploymentId, deployment)
      // Not found (or not read) now is no answer for good: a later deploy may make it.
      deployment.then(
        (found) => found ?? this.loaded.delete(deploymentId),
        () => this.loaded.delete(deploymentId),
      )
    }
    return deployment
  }

  private async read(deploymentId: string): Promise<LoadedDeployment | undefined> {
    const row = await deploymentRow(this.sql, deploymentId)
    if (!row) return undefined
    const compiled = JSON.parse(row.compiled) as CompiledWorkflow
    return {
      id: row.id,
      workflowId: row.workflow_id,
      version: row.version,
      compiled,
      machine: buildMachine(compiled),
      expressions: new ExpressionCache(undefined, this.expressionPool),
    }
  }

  /**
   * The workflow's latest deployment, pilots included; never one of a deleted workflow that had
   * the same id (those are retired).
   */
  async latestOf(workflowId: string): Promise<LoadedDeployment | undefined> {
    const id = await latestDeploymentId(this.sql, workflowId)
    return id === undefined ? undefined : this.get(id)
  }

  /** Ends the expression workers; evaluations still running fail as not evaluated. */
  close(): Promise<void> {
    return this.expressionPool.close()
  }
}
