import type { PilotView } from '@conveyor/shared/protocol/pilots'
import { useState } from 'react'
import { formatTime, personName } from './format'
import { comparisonLine, figureOf, limitOf, metricNames, pilotTitle, stateNames } from './pilot-words'

interface Props {
  pilot: PilotView
  /** Whether this person may promote or roll back (the runtime decides; this hides what it would refuse). */
  mayDecide: boolean
  busy: boolean
  onPromote: () => void
  onRollBack: (reason: string) => void
}

/**
 * One pilot: its share and state, and per guardrail the pilot's figure beside the baseline's (the
 * version the rest of new items take), against the limit; a rolled-back pilot says why.
 */
export function PilotCard({ pilot, mayDecide, busy, onPromote, onRollBack }: Props) {
  const [reason, setReason] = useState('')
  const title = pilotTitle(pilot)
  const running = pilot.state === 'running'
  const pilotItems = Math.max(0, ...pilot.comparison.map((row) => row.pilot.items))
  return (
    <li>
      <article aria-label={title}>
        <h4>{title}</h4>
        <p>
          <strong>{stateNames[pilot.state]}</strong> · started by {personName(pilot.startedBy)}{' '}
          {formatTime(pilot.startedAt)} beside version {pilot.baselineVersion}
          {pilot.endedAt
            ? ` · ended by ${personName(pilot.endedBy ?? 'someone')} ${formatTime(pilot.endedAt)}`
            : ''}
        </p>
        {pilot.reason ? <p className="pilot-reason">Why: {pilot.reason}</p> : null}
        {running && pilotItems < pilot.minItems ? (
          <p className="muted">
            {pilotItems} of the {pilot.minItems} pilot items needed before a guardrail can roll it back
          </p>
        ) : null}
        <table className="pilot-comparison" aria-label={`Guardrails of version ${pilot.version}`}>
          <thead>
            <tr>
              <th scope="col">Guardrail</th>
              <th scope="col">Pilot (version {pilot.version})</th>
              <th scope="col">Current (version {pilot.baselineVersion})</th>
              <th scope="col">Limit</th>
            </tr>
          </thead>
          <tbody>
            {pilot.comparison.map((row) => (
              <tr key={row.metric} title={comparisonLine(row)} className={row.breached ? 'is-breached' : ''}>
                <th scope="row">{metricNames[row.metric]}</th>
                <td>
                  {row.pilot.value === null ? '—' : figureOf(row.metric, row.pilot.value)} ({row.pilot.items}{' '}
                  items)
                </td>
                <td>
                  {row.baseline.value === null ? '—' : figureOf(row.metric, row.baseline.value)} (
                  {row.baseline.items} items)
                </td>
                <td>
                  {row.breached ? 'Over ' : 'Within '}
                  {limitOf(row)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {running && mayDecide ? (
          <form
            onSubmit={(event) => {
              event.preventDefault()
              onRollBack(reason.trim())
            }}
          >
            <button type="button" disabled={busy} onClick={onPromote}>
              Promote version {pilot.version} to every new item
            </button>{' '}
            <label>
              Why roll back (optional)
              <input value={reason} maxLength={500} onChange={(event) => setReason(event.target.value)} />
            </label>
            <button type="submit" disabled={busy}>
              Roll back version {pilot.version}
            </button>
          </form>
        ) : null}
      </article>
    </li>
  )
}
