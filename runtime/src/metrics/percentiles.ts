/** Nearest-rank percentiles of a list of durations; null when there is nothing to measure. */
export function percentiles(values: number[]): { p50: number | null; p90: number | null } {
  if (values.length === 0) return { p50: null, p90: null }
  const sorted = [...values].sort((a, b) => a - b)
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!
  return { p50: at(0.5), p90: at(0.9) }
}

export function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole
}
