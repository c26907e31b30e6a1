import type { TrendRow, WorkflowTrends } from '@conveyor/shared/protocol/metric-trends'
import { formatDuration, formatShare } from '../format'

/** One line of a chart: its name and a value per bucket (null where nothing backs it). */
export interface TrendLine {
  label: string
  values: Array<number | null>
}

/** One small chart of the trend: what it shows, its lines, and how its values read. */
export interface TrendFigure {
  id: string
  title: string
  lines: TrendLine[]
  format: (value: number) => string
  /** Steps the value axis may mark, when only some read well (whole counts, round durations). */
  steps?: number[]
}

const second = 1_000
const minute = 60 * second
const hour = 60 * minute
const wholeSteps = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000]
const durationSteps = [
  ...[1, 5, 15, 30].map((n) => n * second),
  ...[1, 5, 15, 30].map((n) => n * minute),
  ...[1, 2, 6, 12, 24, 48, 168, 336, 720].map((n) => n * hour),
]

const count = (value: number) => String(value)
const line = (rows: TrendRow[], label: string, pick: (row: TrendRow) => number | null): TrendLine => ({
  label,
  values: rows.map(pick),
})

/** A cost in the workflow's currency when it names one, with two decimals either way. */
export function costFormat(currency: string | undefined): (value: number) => string {
  if (!currency) return (value) => value.toFixed(2)
  const money = new Intl.NumberFormat(undefined, { style: 'currency', currency })
  return (value) => money.format(value)
}

/** The figures the Metrics tab charts per bucket, in the order it shows them. */
export function trendFigures({ rows, currency }: WorkflowTrends): TrendFigure[] {
  return [
    {
      id: 'volume',
      title: 'Items ended',
      lines: [line(rows, 'Items', (row) => row.items)],
      format: count,
      steps: wholeSteps,
    },
    {
      id: 'lead-time',
      title: 'Lead time',
      lines: [
        line(rows, 'Median (p50)', (row) => row.leadTimeP50Ms),
        line(rows, 'Nine in ten (p90)', (row) => row.leadTimeP90Ms),
      ],
      format: formatDuration,
      steps: durationSteps,
    },
    {
      id: 'touchless',
      title: 'Touchless rate',
      lines: [line(rows, 'Touchless', (row) => row.touchlessRate)],
      format: formatShare,
    },
    {
      id: 'override',
      title: 'Override rate',
      lines: [line(rows, 'Overridden', (row) => row.overrideRate)],
      format: formatShare,
    },
    {
      id: 'sla',
      title: 'SLA breaches',
      lines: [line(rows, 'Breaches', (row) => row.slaBreaches)],
      format: count,
      steps: wholeSteps,
    },
    {
      id: 'cost',
      title: 'Cost per item',
      lines: [line(rows, 'Cost', (row) => row.costPerItem)],
      format: costFormat(currency),
    },
  ]
}

const utcDay = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' })

/** A bucket as people read it: its UTC day, or "Week of" its Monday. */
export function bucketLabel(start: string, bucket: WorkflowTrends['bucket']): string {
  const day = utcDay.format(new Date(start))
  return bucket === 'week' ? `Week of ${day}` : day
}

/**
 * What a chart says in words, for its accessible name: its figures in the latest bucket where items
 * ended ("Lead time per day; latest, 9 Mar 2026: Median (p50) 2.0 h, Nine in ten (p90) 2.0 h").
 */
export function figureSummary(figure: TrendFigure, trends: WorkflowTrends): string {
  const name = `${figure.title} per ${trends.bucket}`
  const index = trends.rows.findLastIndex((row) => row.items > 0)
  if (index < 0) return `${name}; nothing ended in this range`
  const values = figure.lines.map((l) => {
    const value = l.values[index]
    return `${l.label} ${value === null || value === undefined ? '—' : figure.format(value)}`
  })
  return `${name}; latest, ${bucketLabel(trends.rows[index]!.start, trends.bucket)}: ${values.join(', ')}`
}
