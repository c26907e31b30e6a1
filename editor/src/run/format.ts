/** A duration for a badge: "850 ms", "3.2 s", "4.5 min", "2.1 h", "3.0 d". */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`
  if (ms < 3_600_000) return `${(ms / 60_000).toFixed(1)} min`
  if (ms < 86_400_000) return `${(ms / 3_600_000).toFixed(1)} h`
  return `${(ms / 86_400_000).toFixed(1)} d`
}

/** A share from 0 to 1 as a whole percentage. */
export function formatShare(share: number): string {
  return `${Math.round(share * 100)}%`
}

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' })

export function formatTime(iso: string): string {
  return timeFormat.format(new Date(iso))
}
