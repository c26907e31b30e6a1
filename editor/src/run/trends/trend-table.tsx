import type { WorkflowTrends } from '@conveyor/shared/protocol/metric-trends'
import { bucketLabel, type TrendFigure } from './trend-figures'

/** Every charted figure per bucket as a table: what the charts show, readable without them. */
export function TrendTable({ trends, figures }: { trends: WorkflowTrends; figures: TrendFigure[] }) {
  const name = `Trend per ${trends.bucket}`
  const columns = figures.flatMap((figure) =>
    figure.lines.map((line) => ({
      heading: figure.lines.length > 1 ? `${figure.title}, ${line.label}` : figure.title,
      line,
      format: figure.format,
    })),
  )
  return (
    <div className="trend-table" role="region" aria-label={`${name}, scrollable`} tabIndex={0}>
      <table aria-label={name}>
        <thead>
          <tr>
            <th scope="col">{trends.bucket === 'week' ? 'Week' : 'Day'} (UTC)</th>
            {columns.map((column) => (
              <th scope="col" key={column.heading}>
                {column.heading}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {trends.rows.map((row, index) => (
            <tr key={row.start}>
              <th scope="row">{bucketLabel(row.start, trends.bucket)}</th>
              {columns.map(({ heading, line, format }) => {
                const value = line.values[index]
                return <td key={heading}>{value === null || value === undefined ? '—' : format(value)}</td>
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
