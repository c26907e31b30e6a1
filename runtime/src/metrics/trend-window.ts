import { trendBuckets, type TrendBucket, type TrendQuery } from '@conveyor/shared/protocol/metric-trends'
import { InvalidError } from '../service/errors'

const dayMs = 86_400_000
const bucketMs: Record<TrendBucket, number> = { day: dayMs, week: 7 * dayMs }

/** A year of days: enough for any chart a person reads, small enough to answer at once. */
export const maxTrendBuckets = 366
/** How far back a trend reaches when no `from` is given. */
export const defaultTrendBuckets: Record<TrendBucket, number> = { day: 30, week: 12 }

/** The start (UTC) of the day, or of the ISO week (Monday), holding `at`. */
export function bucketStart(at: number, bucket: TrendBucket): number {
  const day = Math.floor(at / dayMs) * dayMs
  if (bucket === 'day') return day
  const daysSinceMonday = (new Date(day).getUTCDay() + 6) % 7
  return day - daysSinceMonday * dayMs
}

/** Whole buckets: `from` inclusive, `to` exclusive, and each bucket's start in order. */
export interface TrendWindow {
  bucket: TrendBucket
  from: number
  to: number
  starts: number[]
}

/** A bucket named in a request, `day` when none is. */
export function trendBucket(value: string | undefined): TrendBucket {
  if (value === undefined) return 'day'
  const bucket = trendBuckets.find((known) => known === value)
  if (bucket) return bucket
  const message = `must be ${trendBuckets.map((known) => `"${known}"`).join(' or ')}`
  throw new InvalidError(`"bucket" ${message}`, [{ path: 'bucket', message }])
}

function instant(value: string, name: 'from' | 'to'): number {
  const at = Date.parse(value)
  if (Number.isNaN(at)) {
    const message = 'must be a date and time (ISO 8601, e.g. 2026-03-02T00:00:00Z)'
    throw new InvalidError(`"${name}" ${message}`, [{ path: name, message }])
  }
  return at
}

/**
 * The buckets a trend covers: the range asked for widened to whole buckets, ending with the bucket
 * that holds `now` when no `to` is given. Refuses an empty or reversed range and one of more than
 * `maxTrendBuckets` buckets, naming the parameter to change.
 */
export function trendWindow(query: TrendQuery, now: number): TrendWindow {
  const bucket = query.bucket ?? 'day'
  const size = bucketMs[bucket]
  const end = query.to === undefined ? now + 1 : instant(query.to, 'to')
  const to = bucketStart(end - 1, bucket) + size
  const asked =
    query.from === undefined ? to - defaultTrendBuckets[bucket] * size : instant(query.from, 'from')
  if (asked >= end) {
    const message = 'must be before "to"'
    throw new InvalidError(`"from" ${message}`, [{ path: 'from', message }])
  }
  const from = bucketStart(asked, bucket)
  const count = (to - from) / size
  if (count > maxTrendBuckets) {
    const message = `covers ${count} ${bucket}s; at most ${maxTrendBuckets} fit in one trend (move "from" closer to "to", or group by week)`
    throw new InvalidError(`"from" ${message}`, [{ path: 'from', message }])
  }
  const starts = Array.from({ length: count }, (_, i) => from + i * size)
  return { bucket, from, to, starts }
}
