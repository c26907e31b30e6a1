/**
 * The candidate a mistyped name most likely meant, or undefined when none is close: at most one
 * edit for short names, one per three characters for longer ones (an edit adds, drops or changes
 * a character, or swaps two neighbours; case does not count).
 */
export function nearestName(name: string, candidates: Iterable<string>): string | undefined {
  const lower = name.toLowerCase()
  let best: string | undefined
  let bestDistance = Infinity
  for (const candidate of candidates) {
    const allowed = Math.max(1, Math.floor(Math.max(name.length, candidate.length) / 3))
    if (Math.abs(candidate.length - name.length) > allowed) continue
    const distance = editDistance(lower, candidate.toLowerCase(), allowed)
    if (distance > allowed) continue
    if (distance < bestDistance || (distance === bestDistance && candidate < best!)) {
      best = candidate
      bestDistance = distance
    }
  }
  return best
}

/**
 * Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps.
 * Gives up, returning more than `limit`, as soon as the distance must exceed it.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  let beforeLast = new Array<number>(b.length + 1).fill(0)
  let last = Array.from({ length: b.length + 1 }, (_, j) => j)
  let row = new Array<number>(b.length + 1).fill(0)
  for (let i = 1; i <= a.length; i++) {
    row[0] = i
    let smallest = i
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let distance = Math.min(last[j]! + 1, row[j - 1]! + 1, last[j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        distance = Math.min(distance, beforeLast[j - 2]! + 1)
      row[j] = distance
      if (distance < smallest) smallest = distance
    }
    if (smallest > limit) return limit + 1
    ;[beforeLast, last, row] = [last, row, beforeLast]
  }
  return last[b.length]!
}
