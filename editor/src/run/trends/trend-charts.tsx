import type { WorkflowTrends } from '@conveyor/shared/protocol/metric-trends'
import { useEffect, useRef } from 'react'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import { figureSummary, type TrendFigure } from './trend-figures'

const lineColours = ['#0969da', '#bf3989']
const chartHeight = 120

/** Bucket starts as uPlot's x values (seconds), drawn as UTC dates like the rows they stand for. */
const seconds = (trends: WorkflowTrends) => trends.rows.map((row) => Date.parse(row.start) / 1000)
const utc = (ts: number) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC')

function options(figure: TrendFigure, width: number): uPlot.Options {
  return {
    width,
    height: chartHeight,
    tzDate: utc,
    legend: { show: figure.lines.length > 1, live: false },
    cursor: { show: false },
    scales: { y: { range: (_u, min, max) => [Math.min(0, min), max > 0 ? max : 1] } },
    axes: [
      { size: 30, font: '11px system-ui, sans-serif' },
      {
        size: 64,
        font: '11px system-ui, sans-serif',
        values: (_u, ticks) => ticks.map((tick) => figure.format(tick)),
        ...(figure.steps ? { incrs: figure.steps } : {}),
      },
    ],
    series: [
      {},
      ...figure.lines.map((line, index) => ({
        label: line.label,
        stroke: lineColours[index % lineColours.length],
        width: 2,
        points: { show: true, size: 5 },
        spanGaps: false,
      })),
    ],
  }
}

/** One figure drawn on a canvas by uPlot; its accessible name says what it shows and its latest values. */
function TrendChart({ figure, trends }: { figure: TrendFigure; trends: WorkflowTrends }) {
  const host = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const element = host.current
    if (!element) return
    const data: uPlot.AlignedData = [seconds(trends), ...figure.lines.map((line) => line.values)]
    const chart = new uPlot(options(figure, Math.max(200, element.clientWidth)), data, element)
    return () => chart.destroy()
  }, [figure, trends])
  return (
    <figure className="trend-chart">
      <figcaption>{figure.title}</figcaption>
      <div ref={host} role="img" aria-label={figureSummary(figure, trends)} />
    </figure>
  )
}

/** The trend's small charts, one per figure; loaded on first use with the chart library. */
export function TrendCharts({ trends, figures }: { trends: WorkflowTrends; figures: TrendFigure[] }) {
  return (
    <div className="trend-charts">
      {figures.map((figure) => (
        <TrendChart key={figure.id} figure={figure} trends={trends} />
      ))}
    </div>
  )
}
