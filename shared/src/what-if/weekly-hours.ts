import type { WeeklyHours } from './model'

const minutesPerDay = 1_440
export const minutesPerWeek = 7 * minutesPerDay

/**
 * A weekly calendar as open intervals of the week, in minutes since Monday 00:00 (the simulation
 * clock starts on a Monday), sorted; answers "is it open", "when does it open next", and "how much
 * open time lies between two moments" without walking day by day.
 */
export class WeekCalendar {
  private readonly starts: number[] = []
  private readonly ends: number[] = []
  readonly openPerWeek: number

  constructor(hours: WeeklyHours) {
    const from = hours.fromHour * 60
    const to = hours.toHour * 60
    const days = [...new Set(hours.days)].map((day) => (day + 6) % 7).sort((a, b) => a - b)
    for (const day of days) {
      this.starts.push(day * minutesPerDay + from)
      this.ends.push(day * minutesPerDay + to)
    }
    this.openPerWeek = days.length * (to - from)
  }

  isOpen(time: number): boolean {
    const inWeek = time - Math.floor(time / minutesPerWeek) * minutesPerWeek
    for (let i = 0; i < this.starts.length; i++)
      if (inWeek >= this.starts[i]! && inWeek < this.ends[i]!) return true
    return false
  }

  /** The moment it is next open: `time` itself when open now. */
  nextOpening(time: number): number {
    const week = Math.floor(time / minutesPerWeek) * minutesPerWeek
    const inWeek = time - week
    for (let i = 0; i < this.starts.length; i++) {
      if (inWeek < this.ends[i]!) return week + Math.max(inWeek, this.starts[i]!)
    }
    return week + minutesPerWeek + this.starts[0]!
  }

  /** Open minutes between 0 and `time`. */
  openUntil(time: number): number {
    const weeks = Math.floor(time / minutesPerWeek)
    const inWeek = time - weeks * minutesPerWeek
    let open = weeks * this.openPerWeek
    for (let i = 0; i < this.starts.length; i++) {
      open += Math.max(0, Math.min(inWeek, this.ends[i]!) - this.starts[i]!)
    }
    return open
  }

  /** The moment at which `openMinutes` of open time have passed since 0: the inverse of `openUntil`. */
  atOpenMinutes(openMinutes: number): number {
    const weeks = Math.floor(openMinutes / this.openPerWeek)
    let left = openMinutes - weeks * this.openPerWeek
    for (let i = 0; i < this.starts.length; i++) {
      const length = this.ends[i]! - this.starts[i]!
      if (left < length) return weeks * minutesPerWeek + this.starts[i]! + left
      left -= length
    }
    return (weeks + 1) * minutesPerWeek + this.starts[0]!
  }
}
