import type { TrendRow, WorkflowTrends } from '@conveyor/shared/protocol/metric-trends'
import { describe, expect, it } from 'vitest'
import { bucketLabel, costFormat, figureSummary, trendFigures } from './trend-figures'

const empty = {
  items: 0,
  leadTimeP50Ms: null,
  leadTimeP90Ms: null,
  touchlessRate: null,
  overrideRate: null,
  slaBreaches: 0,
  costPerItem: null,
}
const row = (start: string, figures: Partial<TrendRow>): TrendRow => ({ start, ...empty, ...figures })

const trends: WorkflowTrends = {
  workflowId: 'claims',
  bucket: 'day',
  from: '2026-03-01T00:00:00.000Z',
  to: '2026-03-04T00:00:00.000Z',
  rows: [
    row('2026-03-01T00:00:00.000Z', {
      items: 4,
      leadTimeP50Ms: 90 * 60_000,
      leadTimeP90Ms: 3 * 3_600_000,
      touchlessRate: 0.25,
      overrideRate: 0.5,
      slaBreaches: 2,
      costPerItem: 7.5,
    }),
    row('2026-03-02T00:00:00.000Z', {
      items: 1,
      leadTimeP50Ms: 60_000,
      leadTimeP90Ms: 60_000,
      touchlessRate: 1,
    }),
    row('2026-03-03T00:00:00.000Z', {}),
  ],
}

describe('trend figures', () => {
  it('charts volume, lead time p50/p90, touchless and override rates, breaches and cost, per bucket', () => {
    const figures = trendFigures(trends)
    expect(figures.map((figure) => [figure.title, figure.lines.map((line) => line.values)])).toEqual([
      ['Items ended', [[4, 1, 0]]],
      [
        'Lead time',
        [
          [5_400_000, 60_000, null],
          [10_800_000, 60_000, null],
        ],
      ],
      ['Touchless rate', [[0.25, 1, null]]],
      ['Override rate', [[0.5, null, null]]],
      ['SLA breaches', [[2, 0, 0]]],
      ['Cost per item', [[7.5, null, null]]],
    ])
  })

  it('says in words what each chart shows at the latest bucket where items ended', () => {
    const [volume, leadTime, , override] = trendFigures(trends)
    const day = bucketLabel('2026-03-02T00:00:00.000Z', 'day')
    expect(figureSummary(volume!, trends)).toBe(`Items ended per day; latest, ${day}: Items 1`)
    expect(figureSummary(leadTime!, trends)).toBe(
      `Lead time per day; latest, ${day}: Median (p50) 1.0 min, Nine in ten (p90) 1.0 min`,
    )
    expect(figureSummary(override!, trends)).toBe(`Override rate per day; latest, ${day}: Overridden —`)
    const nothing = { ...trends, rows: [row('2026-03-03T00:00:00.000Z', {})] }
    expect(figureSummary(volume!, nothing)).toBe('Items ended per day; nothing ended in this range')
  })

  it('labels buckets by their UTC day, a week by its Monday, wherever the browser is', () => {
    const zone = process.env.TZ
    process.env.TZ = 'America/Los_Angeles'
    try {
      // Midnight UTC is still the evening before in Los Angeles: the label stays the UTC day.
      const start = new Date('2026-03-09T00:00:00.000Z')
      const inUtc = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' }).format(start)
      const local = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(start)
      expect(inUtc).not.toBe(local)
      expect(bucketLabel(start.toISOString(), 'day')).toBe(inUtc)
      expect(bucketLabel(start.toISOString(), 'week')).toBe(`Week of ${inUtc}`)
    } finally {
      if (zone === undefined) delete process.env.TZ
      else process.env.TZ = zone
    }
  })

  it('shows costs in the workflow’s currency when it names one', () => {
    expect(costFormat(undefined)(7.5)).toBe('7.50')
    expect(costFormat('EUR')(7.5)).toMatch(/7[.,]50/)
    expect(costFormat('EUR')(7.5)).toContain('€')
  })
})
