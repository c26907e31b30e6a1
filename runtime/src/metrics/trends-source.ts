import { currencyOf, type WorkflowDocument } from '@conveyor/shared'
import type { TrendQuery, WorkflowTrends } from '@conveyor/shared/protocol/metric-trends'
import type { Db } from '../store/database'
import type { NodeInfo } from './metric-fold'
import { endedItem, endedItemEventTypes, type EndedItemEvent } from './ended-items'
import { trendRows } from './trends'
import { trendWindow } from './trend-window'

interface ItemRow {
  id: string
  started_at: number
  ended_at: number
  type: EndedItemEvent['type'] | null
  node_id: string | null
  detail: string | null
}

/** Reads the items of a workflow that ended in a range, with the events their figures need. */
export class TrendsSource {
  private readonly endedItems
  private readonly latestDocument

  constructor(
    db: Db,
    private readonly nodesOf: (workflowId: string) => Record<string, NodeInfo>,
    private readonly now: () => number,
    private readonly fallbackCostPerItem?: number,
  ) {
    const types = endedItemEventTypes.map((type) => `'${type}'`).join(', ')
    // By end time (indexed), then each item's events through the event log's index by instance.
    this.endedItems = db.prepare(`SELECT i.id, i.started_at, i.ended_at, e.type, e.node_id, e.detail
      FROM instances i LEFT JOIN events e ON e.instance_id = i.id AND e.type IN (${types})
      WHERE i.workflow_id = ? AND i.ended_at >= ? AND i.ended_at < ?`)
    this.latestDocument = db.prepare(
      'SELECT document FROM deployments WHERE workflow_id = ? AND retired_at IS NULL ORDER BY version DESC LIMIT 1',
    )
  }

  workflow(workflowId: string, query: TrendQuery): WorkflowTrends {
    const window = trendWindow(query, this.now())
    const nodes = this.nodesOf(workflowId)
    const costOf = (nodeId: string) => nodes[nodeId]?.costPerItem ?? this.fallbackCostPerItem
    const byItem = new Map<string, { startedAt: number; endedAt: number; events: EndedItemEvent[] }>()
    for (const row of this.endedItems.iterate(
      workflowId,
      window.from,
      window.to,
    ) as IterableIterator<ItemRow>) {
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
    const latest = this.latestDocument.get(workflowId) as { document: string } | undefined
    return {
      workflowId,
      bucket: window.bucket,
      // Costs are in the currency the workflow's latest deployment names.
      currency: currencyOf(latest ? (JSON.parse(latest.document) as WorkflowDocument) : {}),
      from: new Date(window.from).toISOString(),
      to: new Date(window.to).toISOString(),
      rows: trendRows(items, window),
    }
  }
}
