import { currencyOf } from '@conveyor/shared'
import type { TrendQuery, WorkflowTrends } from '@conveyor/shared/protocol/metric-trends'
import { latestLiveDocument } from '../store/repositories/deployment-documents'
import { itemsEndedIn } from '../store/repositories/trend-rows'
import type { SqlExecutor } from '../store/sql'
import type { NodeInfo } from './metric-fold'
import { endedItem, type EndedItemEvent } from './ended-items'
import { trendRows } from './trends'
import { trendWindow } from './trend-window'

/** Reads the items of a workflow that ended in a range, with the events their figures need. */
export class TrendsSource {
  constructor(
    private readonly sql: SqlExecutor,
    private readonly nodesOf: (
      workflowId: string,
    ) => Record<string, NodeInfo> | Promise<Record<string, NodeInfo>>,
    private readonly now: () => number,
    private readonly fallbackCostPerItem?: number,
  ) {}

  async workflow(workflowId: string, query: TrendQuery): Promise<WorkflowTrends> {
    const window = trendWindow(query, this.now())
    const nodes = await this.nodesOf(workflowId)
    const costOf = (nodeId: string) => nodes[nodeId]?.costPerItem ?? this.fallbackCostPerItem
    const byItem = new Map<string, { startedAt: number; endedAt: number; events: EndedItemEvent[] }>()
    for (const row of await itemsEndedIn(this.sql, workflowId, window.from, window.to)) {
      let item = byItem.get(row.id)
      if (!item) byItem.set(row.id, (item = { startedAt: row.started_at, endedAt: row.ended_at, events: [] }))
      if (row.type === null) continue
      item.events.push({
        type: row.type,
        nodeId: row.node_id,
        detail: row.detail ? (JSON.parse(row.detail) as Record<string, unknown>) : null,
      })
    }
    const items = [...byItem.values()].map((item) => endedItem(item, item.events, costOf))
    const latest = await latestLiveDocument(this.sql, workflowId)
    return {
      workflowId,
      bucket: window.bucket,
      // Costs are in the currency the workflow's latest deployment names.
      currency: currencyOf(latest ?? {}),
      from: new Date(window.from).toISOString(),
      to: new Date(window.to).toISOString(),
      rows: trendRows(items, window),
    }
  }
}
