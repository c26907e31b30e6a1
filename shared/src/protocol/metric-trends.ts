/** How trend rows group items: by the UTC day, or the ISO week (Monday 00:00 UTC), they ended in. */
export type TrendBucket = 'day' | 'week'

export const trendBuckets = ['day', 'week'] as const satisfies readonly TrendBucket[]

/** What a trend covers: `from` and `to` are ISO 8601 instants, widened to whole buckets. */
export interface TrendQuery {
  bucket?: TrendBucket
  from?: string
  to?: string
}

/** The items that ended in one bucket. Figures are null when no item (or no verdict, or no cost) backs them. */
export interface TrendRow {
  /** The bucket's first instant (UTC), inclusive; the bucket ends where the next one starts. */
  start: string
  /** Items that ended in the bucket, whatever their outcome. */
  items: number
  /** Lead time (start to end) of those items, nearest-rank percentiles in milliseconds. */
  leadTimeP50Ms: number | null
  leadTimeP90Ms: number | null
  /** Share of those items no person touched (no task completed or rejected), 0..1. */
  touchlessRate: number | null
  /** Share of people's verdicts on suggestions that overrode them, 0..1. */
  overrideRate: number | null
  /** SLA breaches those items went through. */
  slaBreaches: number
  /** What people's handling of those items cost, per item. */
  costPerItem: number | null
}

export interface WorkflowTrends {
  workflowId: string
  bucket: TrendBucket
  /** The range asked for, widened to whole buckets: `from` inclusive, `to` exclusive. */
  from: string
  to: string
  /** The currency costs are in, when the workflow names one. */
  currency?: string
  /** One row per bucket from `from` to `to`, oldest first; empty buckets included. */
  rows: TrendRow[]
}

/** The columns of the CSV form, in order: the row's fields by name. */
export const trendColumns = [
  'start',
  'items',
  'leadTimeP50Ms',
  'leadTimeP90Ms',
  'touchlessRate',
  'overrideRate',
  'slaBreaches',
  'costPerItem',
] as const satisfies ReadonlyArray<keyof TrendRow>
