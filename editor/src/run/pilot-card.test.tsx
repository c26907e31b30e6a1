// @vitest-environment jsdom
import type { PilotView } from '@conveyor/shared/protocol/pilots'
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { PilotCard } from './pilot-card'
import { pilotSettingsOf, emptyPilotDraft, StartPilotForm } from './start-pilot-form'

afterEach(cleanup)

const running: PilotView = {
  version: 3,
  baselineVersion: 2,
  share: 0.3,
  guardrails: [{ metric: 'errorRate', max: 0.02 }],
  minItems: 20,
  state: 'running',
  startedAt: '2026-03-02T10:00:00.000Z',
  startedBy: 'user:olga',
  comparison: [
    {
      metric: 'errorRate',
      max: 0.02,
      pilot: { value: 0.04, items: 25 },
      baseline: { value: 0.01, items: 70 },
      breached: true,
    },
    {
      metric: 'leadTimeP90',
      maxVsBaseline: 1.5,
      pilot: { value: 3_600_000, items: 25 },
      baseline: { value: 3_000_000, items: 70 },
      breached: false,
    },
  ],
}

const card = (pilot: PilotView, mayDecide = true) => {
  const onPromote = vi.fn()
  const onRollBack = vi.fn()
  render(
    <ul>
      <PilotCard
        pilot={pilot}
        mayDecide={mayDecide}
        busy={false}
        onPromote={onPromote}
        onRollBack={onRollBack}
      />
    </ul>,
  )
  return { onPromote, onRollBack }
}

// jsdom's first render is slow on a busy machine.
describe('a pilot in the Deploys tab', { timeout: 30_000 }, () => {
  it('shows each guardrail as two columns, pilot against the current version, with the limit', () => {
    card(running)
    const article = screen.getByRole('article', { name: 'Pilot of version 3 on 30% of new items' })
    expect(article.textContent).toContain('Running · started by olga')
    const table = within(article).getByRole('table', { name: 'Guardrails of version 3' })
    const rows = within(table)
      .getAllByRole('row')
      .map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent))
    expect(rows).toEqual([
      ['Guardrail', 'Pilot (version 3)', 'Current (version 2)', 'Limit'],
      ['Errors', '4% (25 items)', '1% (70 items)', 'Over the limit of 2%'],
      [
        'Lead time (9 in 10 items within)',
        '1.0 h (25 items)',
        '50.0 min (70 items)',
        "Within 1.5× the current version's 50.0 min",
      ],
    ])
  })

  it('promotes, or rolls back with a reason, while it runs', () => {
    const { onPromote, onRollBack } = card(running)
    fireEvent.click(screen.getByRole('button', { name: 'Promote version 3 to every new item' }))
    expect(onPromote).toHaveBeenCalledOnce()
    fireEvent.change(screen.getByLabelText('Why roll back (optional)'), { target: { value: ' too slow ' } })
    fireEvent.click(screen.getByRole('button', { name: 'Roll back version 3' }))
    expect(onRollBack).toHaveBeenCalledWith('too slow')
  })

  it('says why a pilot was rolled back, and offers nothing more to do', () => {
    card({
      ...running,
      state: 'rolled-back',
      endedAt: '2026-03-02T11:00:00.000Z',
      endedBy: 'system',
      reason: 'errorRate 4% over the limit of 2% (25 pilot items)',
    })
    const article = screen.getByRole('article')
    expect(article.textContent).toContain('Rolled back')
    expect(article.textContent).toContain('Why: errorRate 4% over the limit of 2% (25 pilot items)')
    expect(screen.queryByRole('button')).toBeNull()
  })
})

describe('starting a pilot', { timeout: 30_000 }, () => {
  it('asks for a share, limits in per cent or against the current version, and items before a rollback', () => {
    const onStart = vi.fn()
    render(<StartPilotForm busy={false} onStart={onStart} />)
    const form = screen.getByRole('form', { name: 'Start a pilot' })
    fireEvent.click(within(form).getByRole('button', { name: 'Start pilot' }))
    expect(screen.getByRole('alert').textContent).toBe('Give at least one guardrail a limit.')
    fireEvent.change(screen.getByLabelText('Share of new items (%)'), { target: { value: '30' } })
    fireEvent.change(screen.getByLabelText('Errors at most (%)'), { target: { value: '2' } })
    fireEvent.change(
      screen.getByLabelText("Lead time (9 in 10 items within) at most (× the current version's)"),
      {
        target: { value: '1.5' },
      },
    )
    fireEvent.change(screen.getByLabelText('Pilot items before a rollback can happen'), {
      target: { value: '5' },
    })
    fireEvent.click(within(form).getByRole('button', { name: 'Start pilot' }))
    expect(onStart).toHaveBeenCalledWith({
      share: 0.3,
      guardrails: [
        { metric: 'errorRate', max: 0.02 },
        { metric: 'leadTimeP90', maxVsBaseline: 1.5 },
      ],
      minItems: 5,
    })
  })

  it('refuses a share outside 0–100 and a limit that is not a number, saying which', () => {
    const limits = { ...emptyPilotDraft.limits, errorRate: '2' }
    expect(pilotSettingsOf({ ...emptyPilotDraft, limits, sharePercent: '100' })).toEqual({
      problem: 'The share of new items is a percentage above 0 and below 100.',
    })
    expect(pilotSettingsOf({ ...emptyPilotDraft, limits: { ...limits, fallbackRate: '-1' } })).toEqual({
      problem: 'Done by hand at most (%): a percentage.',
    })
  })
})
