import type { CompiledWorkflow } from '@conveyor/shared'
import type { AnyStateMachine } from 'xstate'
import { ExpressionCache, ExpressionPool } from '../expressions/sandbox'
import type { Db } from '../store/database'
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

export class DeploymentCache {
  private readonly loaded = new Map<string, LoadedDeployment>()
  private readonly select
  private readonly latest
  /** Every deployment's expressions run in the same worker threads (started on first use). */
  private readonly expressionPool = new ExpressionPool()

  constructor(db: Db) {
    this.select = db.prepare('SELECT id, workflow_id, version, compiled FROM deployments WHERE id = ?')
    this.latest = db.prepare(
      'SELECT id FROM deployments WHERE workflow_id = ? AND retired_at IS NULL ORDER BY version DESC LIMIT 1',
    )
  }

  get(deploymentId: string): LoadedDeployment | undefined {
    let deployment = this.loaded.get(deploymentId)
    if (deployment) return deployment
    const row = this.select.get(deploymentId) as
      { id: string; workflow_id: string; version: number; compiled: string } | undefined
    if (!row) return undefined
    const compiled = JSON.parse(row.compiled) as CompiledWorkflow
    deployment = {
      id: row.id,
      workflowId: row.workflow_id,
      version: row.version,
      compiled,
      machine: buildMachine(compiled),
      expressions: new ExpressionCache(undefined, this.expressionPool),
    }
    this.loaded.set(deploymentId, deployment)
    return deployment
  }

  /**
   * The workflow's latest deployment, pilots included; never one of a deleted workflow that had
   * the same id (those are retired).
   */
  latestOf(workflowId: string): LoadedDeployment | undefined {
    const row = this.latest.get(workflowId) as { id: string } | undefined
    return row && this.get(row.id)
  }

  /** Ends the expression workers; evaluations still running fail as not evaluated. */
  close(): Promise<void> {
    return this.expressionPool.close()
  }
}
