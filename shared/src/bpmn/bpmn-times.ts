/**
 * BPMN timers are ISO 8601 text (`PT4H`, `R/P1D`) or, as Camunda writes them, cron. Conveyor's
 * durations are `4h`, `30m`, `2d`; its schedules are cron.
 */

const isoDuration = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/

/** `PT4H` → `4h`, `P2D` → `2d`, `PT1H30M` → `90m`; undefined for what has no exact equivalent. */
export function durationFromIso(text: string | undefined): string | undefined {
  const match = text ? isoDuration.exec(text.trim().toUpperCase()) : null
  if (!match || match.slice(1).every((part) => part === undefined)) return undefined
  const [weeks, days, hours, minutes, seconds] = match.slice(1).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
  ]
  const totalSeconds = (((weeks * 7 + days) * 24 + hours) * 60 + minutes) * 60 + seconds
  const units: Array<[string, number]> = [
    ['w', 604_800],
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ]
  for (const [unit, size] of units) {
    if (totalSeconds >= size && totalSeconds % size === 0) return `${totalSeconds / size}${unit}`
  }
  return totalSeconds > 0 ? `${Math.round(totalSeconds * 1000)}ms` : undefined
}

/** `4h` → `PT4H`, `2d` → `P2D`, `1w` → `P7D`: a Conveyor duration as BPMN writes it. */
export function durationToIso(duration: string): string | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)$/.exec(duration)
  if (!match) return undefined
  const amount = Number(match[1])
  const unit = match[2]!
  if (unit === 'w') return `P${amount * 7}D`
  if (unit === 'd') return `P${amount}D`
  if (unit === 'ms') return `PT${amount / 1000}S`
  return `PT${amount}${unit.toUpperCase()}`
}

const everyInterval: Record<string, string> = {
  PT1M: '* * * * *',
  PT1H: '0 * * * *',
  P1D: '0 0 * * *',
  P7D: '0 0 * * 0',
  P1W: '0 0 * * 0',
}

/**
 * A timer start's cycle as cron: cron stays as it is (Camunda writes five or six fields), and a
 * plain repeating interval (`R/PT1H`, `R/P1D`) becomes its cron. `exact` is false for anything
 * else, which is kept as written for someone to check.
 */
export function cronFromCycle(text: string): { cron: string; exact: boolean } {
  const cycle = text.trim()
  const fields = cycle.split(/\s+/)
  if (fields.length >= 5 && fields.length <= 6 && !cycle.startsWith('R')) return { cron: cycle, exact: true }
  const interval = /^R\d*\/(P[^/]+)$/.exec(cycle)?.[1]
  const cron = interval ? everyInterval[interval] : undefined
  return cron ? { cron, exact: true } : { cron: cycle || '0 9 * * 1-5', exact: false }
}
