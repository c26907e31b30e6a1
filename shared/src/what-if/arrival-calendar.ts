import type { WeeklyHours } from './model'

const hourMs = 3_600_000
const dayMs = 24 * hourMs

/** Arrivals needed to read a calendar from them: fewer, and the gaps may be chance. */
export const minArrivalsForCalendar = 200
/** A calendar is only read from at least a whole week, so every weekday has been seen. */
const minDaysForCalendar = 7
/** Share of arrivals a calendar must hold: the rest are stragglers arriving out of hours. */
const heldShare = 0.98
/** A weekday is open when it has at least this share of an average day's arrivals. */
const openDayShare = 0.2

/**
 * The weekly hours items arrive in, read from when they arrived (milliseconds since the epoch,
 * UTC): the weekdays with a fair share of arrivals, and the narrowest span of hours holding almost
 * all of them. Undefined when the period is shorter than a week, arrivals are too few to tell, or
 * they come around the clock (the span would cover nearly the whole week).
 */
export function arrivalCalendarOf(arrivalTimes: readonly number[], days: number): WeeklyHours | undefined {
  if (days < minDaysForCalendar || arrivalTimes.length < minArrivalsForCalendar) return undefined
  const byDay = new Array<number>(7).fill(0)
  for (const time of arrivalTimes) byDay[new Date(time).getUTCDay()]!++
  const averageDay = arrivalTimes.length / 7
  const openDays = byDay.flatMap((count, day) => (count >= openDayShare * averageDay ? [day] : []))
  const byHour = new Array<number>(24).fill(0)
  let onOpenDays = 0
  for (const time of arrivalTimes) {
    if (!openDays.includes(new Date(time).getUTCDay())) continue
    byHour[Math.floor((time % dayMs) / hourMs)]!++
    onOpenDays++
  }
  const [fromHour, toHour] = narrowestSpan(byHour, heldShare * onOpenDays)
  // Around the clock, or nearly: no calendar says more than a steady rate does.
  if (openDays.length * (toHour - fromHour) >= 0.9 * 7 * 24) return undefined
  return { days: openDays, fromHour, toHour }
}

/** The shortest run of hours [from, to) within one day whose counts add up to `least`. */
function narrowestSpan(counts: number[], least: number): [number, number] {
  let best: [number, number] = [0, 24]
  for (let from = 0; from < 24; from++) {
    let sum = 0
    for (let to = from; to < 24; to++) {
      sum += counts[to]!
      if (sum >= least) {
        if (to + 1 - from < best[1] - best[0]) best = [from, to + 1]
        break
      }
    }
  }
  return best
}
