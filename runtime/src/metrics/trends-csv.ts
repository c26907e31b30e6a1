import { trendColumns, type WorkflowTrends } from '@conveyor/shared/protocol/metric-trends'

/** A CSV field: quoted only when it holds a separator, a quote or a line break. */
const field = (value: string | number | null) => {
  const text = value === null ? '' : String(value)
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/**
 * The trend's rows as CSV (RFC 4180: a header row of the JSON field names, CRLF line ends); an
 * unknown figure is an empty field, and the currency, when the workflow names one, is a last column.
 */
export function trendsCsv(trends: WorkflowTrends): string {
  const currency = trends.currency
  const header = [...trendColumns, ...(currency ? ['currency'] : [])]
  const lines = trends.rows.map((row) =>
    [...trendColumns.map((column) => row[column]), ...(currency ? [currency] : [])].map(field).join(','),
  )
  return [header.join(','), ...lines].map((line) => `${line}\r\n`).join('')
}
