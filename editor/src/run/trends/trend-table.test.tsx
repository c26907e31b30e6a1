// @vitest-environment jsdom
import type { WorkflowTrends } from '@conveyor/shared/protocol/metric-trends'
import { cleanup, render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { trendFigures } from './trend-figures'
import { TrendTable } from './trend-table'

afterEach(cleanup)

const trends: WorkflowTrends = {
  workflowId: 'claims',
  bucket: 'week',
  from: '2026-03-02T00:00:00.000Z',
  to: '2026-03-16T00:00:00.000Z',
  currency: 'EUR',
  rows: [
    {
      start: '2026-03-02T00:00:00.000Z',
      items: 3,
      leadTimeP50Ms: 1_800_000,
      leadTimeP90Ms: 7_200_000,
      touchlessRate: 1 / 3,
      overrideRate: 0.5,
      slaBreaches: 1,
      costPerItem: 20 / 3,
    },
    {
      start: '2026-03-09T00:00:00.000Z',
      items: 0,
      leadTimeP50Ms: null,
      leadTimeP90Ms: null,
      touchlessRate: null,
      overrideRate: null,
      slaBreaches: 0,
      costPerItem: null,
    },
  ],
}

describe('the trend as a table', () => {
  it('reads every charted figure per bucket by role, with a dash where nothing backs one', () => {
    render(<TrendTable trends={trends} figures={trendFigures(trends)} />)
    const table = screen.getByRole('table', { name: 'Trend per week' })
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((cell) => cell.textContent),
    ).toEqual([
      'Week (UTC)',
      'Items ended',
      'Lead time, Median (p50)',
      'Lead time, Nine in ten (p90)',
      'Touchless rate',
      'Override rate',
      'SLA breaches',
      'Cost per item',
    ])
    const [, busy, quiet] = within(table).getAllByRole('row')
    expect(within(busy!).getByRole('rowheader').textContent).toMatch(/^Week of /)
    const figures = within(busy!)
      .getAllByRole('cell')
      .map((cell) => cell.textContent)
    expect(figures.slice(0, 6)).toEqual(['3', '30.0 min', '2.0 h', '33%', '50%', '1'])
    expect(figures[6]).toMatch(/€/)
    expect(
      within(quiet!)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual(['0', '—', '—', '—', '—', '0', '—'])
    expect(screen.getByRole('region', { name: 'Trend per week, scrollable' })).toBeTruthy()
  })
})
