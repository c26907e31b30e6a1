import { currencyOf, kindSpec, machineStandsIn, type WorkflowDocument } from '@conveyor/shared'
import type { Statement } from 'better-sqlite3'
import type { Db } from '../store/database'
import type { NodeInfo } from './metric-fold'

/** What metrics need of each node of a document; `defaultCost` is the configured cost of a person's execution. */
export function nodeInfos(document: WorkflowDocument, defaultCost?: number): Record<string, NodeInfo> {
  const nodes: Record<string, NodeInfo> = {}
  for (const node of document.nodes) {
    const facts = 'facts' in node.data ? node.data.facts : undefined
    const cost = facts?.costPerItem ?? defaultCost
    nodes[node.id] = {
      label: node.data.label,
      kind: node.type,
      measured: kindSpec(node.type).measured,
      machineStandsIn: machineStandsIn(node),
      ...(cost !== undefined ? { costPerItem: cost } : {}),
    }
  }
  return nodes
}

/** The nodes of deployments, read once each (deployments never change). */
export class DeploymentNodes {
  private readonly cache = new Map<string, Record<string, NodeInfo>>()
  private readonly one: Statement
  private readonly ofWorkflow: Statement

  constructor(
    db: Db,
    private readonly defaultCost?: number,
  ) {
    this.one = db.prepare('SELECT document FROM deployments WHERE id = ?')
    this.ofWorkflow = db.prepare('SELECT document FROM deployments WHERE workflow_id = ? ORDER BY version')
  }

  /** A deployment's nodes; none for a deployment that is not stored. */
  of(deploymentId: string): Record<string, NodeInfo> {
    let nodes = this.cache.get(deploymentId)
    if (!nodes) {
      const row = this.one.get(deploymentId) as { document: string } | undefined
      nodes = row ? nodeInfos(JSON.parse(row.document) as WorkflowDocument, this.defaultCost) : {}
      if (row) this.cache.set(deploymentId, nodes)
    }
    return nodes
  }

  /**
   * Every node the workflow's deployments had, as the latest has it, and the latest one's
   * currency (the default before any deploy).
   */
  workflow(workflowId: string): { nodes: Record<string, NodeInfo>; currency: string } {
    const nodes: Record<string, NodeInfo> = {}
    let currency = currencyOf({})
    for (const row of this.ofWorkflow.all(workflowId) as Array<{ document: string }>) {
      const document = JSON.parse(row.document) as WorkflowDocument
      Object.assign(nodes, nodeInfos(document, this.defaultCost))
      currency = currencyOf(document)
    }
    return { nodes, currency }
  }
}
