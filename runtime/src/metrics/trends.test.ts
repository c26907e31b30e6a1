import { describe, expect, it } from 'vitest'
import { endedItem, type EndedItemEvent } from './ended-items'
import { trendWindow } from './trend-window'
import { trendRows } from './trends'

const hour = 3_600_000
const monday = Date.parse('2026-03-02T00:00:00Z')
const window = trendWindow({ bucket: 'day', from: '2026-03-02T00:00:00Z', to: '2026-03-04T00:00:00Z' }, 0)
const costs: Record<string, number> = { review: 12 }
const costOf = (nodeId: string) => costs[nodeId]

/** An item that started `hours` before it ended, `endedAt` hours after Monday began. */
const item = (endedAt: number, hours: number, events: EndedItemEvent[] = []) =>
  endedItem(
    { startedAt: monday + (endedAt - hours) * hour, endedAt: monday + endedAt * hour },
    events,
    costOf,
  )

const completed = (nodeId: string, verdict?: string): EndedItemEvent => ({
  type: 'task.completed',
  nodeId,
  detail: verdict ? { verdict } : {},
})

describe('an ended item', () => {
  it('is touched by any task a person completed or rejected, fallback tasks too, costed per task', () => {
    expect(item(1, 1)).toMatchObject({ touched: false, cost: null, leadTimeMs: hour })
    const rejected = item(1, 1, [{ type: 'task.rejected', nodeId: 'review', detail: { reason: 'no' } }])
    expect(rejected).toMatchObject({ touched: true, verdicts: 0, cost: 12 })
    const byFallback = item(1, 1, [
      { type: 'task.completed', nodeId: 'call-vendor', detail: { fallback: true } },
    ])
    expect(byFallback).toMatchObject({ touched: true, cost: null })
    const twice = item(1, 1, [completed('review', 'override'), completed('review', 'accept')])
    expect(twice).toMatchObject({ verdicts: 2, overrides: 1, cost: 24 })
    const breached = item(1, 1, [{ type: 'sla.breached', nodeId: 'review', detail: null }])
    expect(breached).toMatchObject({ touched: false, slaBreaches: 1 })
  })
})

describe('trend rows', () => {
  it('folds each day’s ended items, with nulls where nothing backs a figure', () => {
    const rows = trendRows(
      [
        item(2, 1, [completed('review', 'override')]),
        item(3, 4),
        item(5, 10, [completed('elsewhere', 'accept')]),
        item(30, 2, [completed('review')]),
        // Ended before and after the window: left out.
        item(-1, 1),
        item(48, 1),
      ],
      window,
    )
    expect(rows).toEqual([
      {
        start: '2026-03-02T00:00:00.000Z',
        items: 3,
        leadTimeP50Ms: 4 * hour,
        leadTimeP90Ms: 10 * hour,
        touchlessRate: 1 / 3,
        overrideRate: 0.5,
        slaBreaches: 0,
        costPerItem: 4,
      },
      {
        start: '2026-03-03T00:00:00.000Z',
        items: 1,
        leadTimeP50Ms: 2 * hour,
        leadTimeP90Ms: 2 * hour,
        touchlessRate: 0,
        overrideRate: null,
        slaBreaches: 0,
        costPerItem: 12,
      },
    ])
  })
})
