import type { TrendRow } from '@conveyor/shared/protocol/metric-trends'
import type { EndedItem } from './ended-items'
import { percentiles, ratio } from './percentiles'
import { bucketStart, type TrendWindow } from './trend-window'

interface BucketTally {
  leadTimes: number[]
  touchless: number
  verdicts: number
  overrides: number
  slaBreaches: number
  cost: number
  costKnown: boolean
}

const newTally = (): BucketTally => ({
  leadTimes: [],
  touchless: 0,
  verdicts: 0,
  overrides: 0,
  slaBreaches: 0,
  cost: 0,
  costKnown: false,
})

/**
 * One row per bucket of the window, each over the items that ended in it (UTC); items ending
 * outside the window are left out, and a bucket no item ended in has zero items and null figures.
 */
export function trendRows(items: Iterable<EndedItem>, window: TrendWindow): TrendRow[] {
  const tallies = new Map<number, BucketTally>(window.starts.map((start) => [start, newTally()]))
  for (const item of items) {
    const tally = tallies.get(bucketStart(item.endedAt, window.bucket))
    if (!tally) continue
    tally.leadTimes.push(item.leadTimeMs)
    if (!item.touched) tally.touchless++
    tally.verdicts += item.verdicts
    tally.overrides += item.overrides
    tally.slaBreaches += item.slaBreaches
    if (item.cost !== null) {
      tally.cost += item.cost
      tally.costKnown = true
    }
  }
  return window.starts.map((start) => {
    const tally = tallies.get(start)!
    const items = tally.leadTimes.length
    const leadTime = percentiles(tally.leadTimes)
    return {
      start: new Date(start).toISOString(),
      items,
      leadTimeP50Ms: leadTime.p50,
      leadTimeP90Ms: leadTime.p90,
      touchlessRate: ratio(tally.touchless, items),
      overrideRate: ratio(tally.overrides, tally.verdicts),
      slaBreaches: tally.slaBreaches,
      costPerItem: tally.costKnown ? tally.cost / items : null,
    }
  })
}
