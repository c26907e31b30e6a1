import { currencyOf, kindSpec, machineStandsIn, type WorkflowDocument } from '@conveyor/shared'
import { deploymentDocument, workflowDeployments } from '../store/repositories/deployment-documents'
import type { SqlExecutor } from '../store/sql'
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

/**
 * The nodes of deployments, read once each (deployments never change, so what is read stays
 * true on every replica). The metric fold asks for them event by event inside the writer's
 * transaction, where a read per event would cost too much: it `load`s a batch's deployments
 * first, then asks `of` without waiting.
 */
export class DeploymentNodes {
  private readonly cache = new Map<string, Record<string, NodeInfo>>()

  constructor(
    private readonly sql: SqlExecutor,
    private readonly defaultCost?: number,
  ) {}

  /**
   * Reads the nodes of the deployments among `deploymentIds` not read yet (one not stored stays
   * unread), through `sql`: inside a transaction, its executor.
   */
  async load(deploymentIds: Iterable<string>, sql: SqlExecutor = this.sql): Promise<void> {
    for (const id of new Set(deploymentIds)) {
      if (this.cache.has(id)) continue
      const document = await deploymentDocument(sql, id)
      if (document) this.cache.set(id, nodeInfos(document, this.defaultCost))
    }
  }

  /** A loaded deployment's nodes; none for a deployment not loaded or not stored. */
  of(deploymentId: string): Record<string, NodeInfo> {
    return this.cache.get(deploymentId) ?? {}
  }

  /**
   * Every node the workflow's deployments had, as the latest has it, and the latest one's
   * currency (the default before any deploy). Each deployment's nodes are then loaded too.
   */
  async workflow(workflowId: string): Promise<{ nodes: Record<string, NodeInfo>; currency: string }> {
    const nodes: Record<string, NodeInfo> = {}
    let currency = currencyOf({})
    for (const { id, document } of await workflowDeployments(this.sql, workflowId)) {
      const ofDeployment = nodeInfos(document, this.defaultCost)
      this.cache.set(id, ofDeployment)
      Object.assign(nodes, ofDeployment)
      currency = currencyOf(document)
    }
    return { nodes, currency }
  }
}
