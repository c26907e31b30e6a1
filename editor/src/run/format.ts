/** A duration for a badge: "850 ms", "3.2 s", "4.5 min", "2.1 h", "3.0 d". */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`
  if (ms < 3_600_000) return `${(ms / 60_000).toFixed(1)} min`
  if (ms < 86_400_000) return `${(ms / 3_600_000).toFixed(1)} h`
  return `${(ms / 86_400_000).toFixed(1)} d`
}

export { formatMoney, formatShare } from '@conveyor/shared/format/figures'

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' })

export function formatTime(iso: string): string {
  return timeFormat.format(new Date(iso))
}

const numberFormat = new Intl.NumberFormat()
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' })
const isoDay = /^\d{4}-\d{2}-\d{2}$/

/** A value of the instance data as people write it: "12,500", "Yes", "5 Mar 2026", "a, b". */
export function formatValue(value: unknown, type?: string): string {
  if (value === undefined || value === null || value === '') return 'not given'
  if (typeof value === 'boolean') return value ? 'Yes' : 'No'
  if (typeof value === 'number') return numberFormat.format(value)
  if (typeof value === 'string') {
    // A form's date is a day (`2026-03-05`); read as local so it is not a day early west of UTC.
    const day = type === 'date' && isoDay.test(value) ? new Date(`${value}T00:00`) : undefined
    return day && !Number.isNaN(day.getTime()) ? dateFormat.format(day) : value
  }
  if (Array.isArray(value)) return value.map((item) => formatValue(item)).join(', ')
  return JSON.stringify(value)
}

/** Who did something, by name: the audit's `user:alice` is "alice". */
export function personName(actor: string): string {
  return actor.startsWith('user:') ? actor.slice('user:'.length) : actor
}
