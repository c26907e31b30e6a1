/**
 * A mergeable sketch of durations in logarithmic buckets (the DDSketch idea): bucket `i ≥ 1` holds
 * the values in [γ^(i-1), γ^i) milliseconds, bucket 0 the values under 1 ms. A quantile is the
 * nearest-rank bucket's representative value 2·γ^i/(γ+1), which is within a relative error of
 * (γ-1)/(γ+1) of the true nearest-rank value. Two sketches merge by adding their bucket counts, so
 * per-day sketches kept in the store combine into any period's quantiles without the raw values.
 */
export interface DurationSketch {
  count: number
  /** Exact sum of the values, in milliseconds (means, Prometheus `_sum`). */
  sumMs: number
  /** Bucket index → number of values in it. */
  buckets: Record<number, number>
}

/** γ: consecutive bucket bounds differ by 5%. */
export const sketchGamma = 1.05
/** The largest relative error of a quantile read from a sketch: about 2.4%. */
export const sketchRelativeError = (sketchGamma - 1) / (sketchGamma + 1)

const logGamma = Math.log(sketchGamma)

export function emptySketch(): DurationSketch {
  return { count: 0, sumMs: 0, buckets: {} }
}

export function bucketOf(ms: number): number {
  if (!(ms >= 1)) return 0
  return Math.floor(Math.log(ms) / logGamma + 1e-9) + 1
}

/** The value a bucket stands for: 0 for bucket 0, else the point of least relative error. */
export function bucketValue(bucket: number): number {
  return bucket === 0 ? 0 : (2 * sketchGamma ** bucket) / (sketchGamma + 1)
}

export function addToSketch(sketch: DurationSketch, ms: number): void {
  const value = Math.max(0, ms)
  const bucket = bucketOf(value)
  sketch.count++
  sketch.sumMs += value
  sketch.buckets[bucket] = (sketch.buckets[bucket] ?? 0) + 1
}

export function mergeSketch(into: DurationSketch, from: DurationSketch): void {
  into.count += from.count
  into.sumMs += from.sumMs
  for (const [bucket, n] of Object.entries(from.buckets)) {
    const b = Number(bucket)
    into.buckets[b] = (into.buckets[b] ?? 0) + n
  }
}

/** Buckets in increasing order of value. */
export function sortedBuckets(sketch: DurationSketch): Array<[bucket: number, count: number]> {
  return Object.entries(sketch.buckets)
    .map(([bucket, n]) => [Number(bucket), n] as [number, number])
    .sort((a, b) => a[0] - b[0])
}

/** Nearest-rank quantile (0 < q ≤ 1), rounded to the millisecond; null for an empty sketch. */
export function sketchQuantile(sketch: DurationSketch, q: number): number | null {
  if (sketch.count === 0) return null
  const rank = Math.max(1, Math.ceil(q * sketch.count))
  let seen = 0
  const buckets = sortedBuckets(sketch)
  for (const [bucket, n] of buckets) {
    seen += n
    if (seen >= rank) return Math.round(bucketValue(bucket))
  }
  return Math.round(bucketValue(buckets[buckets.length - 1]![0]))
}

export function sketchPercentiles(sketch: DurationSketch): { p50: number | null; p90: number | null } {
  return { p50: sketchQuantile(sketch, 0.5), p90: sketchQuantile(sketch, 0.9) }
}
