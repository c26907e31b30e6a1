import type { AutonomyLevel } from '@conveyor/shared'
import type { AutonomyFigures, StepAutonomyView } from '@conveyor/shared/protocol/step-autonomy'
import { useId, useState } from 'react'
import { levelOptions } from '../kinds/step/autonomy-editor'
import { formatShare, formatTime, personName } from './format'

const levelName = (level: AutonomyLevel) =>
  levelOptions.find((option) => option.value === level)?.label.split(':')[0] ?? level

/** "96% of the last 50 reviews accepted as suggested", or that nothing was reviewed yet. */
export function accuracyInWords(figures: AutonomyFigures): string {
  if (figures.reviewed === 0 || figures.accuracy === null) return 'No suggestion reviewed yet'
  return `${formatShare(figures.accuracy)} of the last ${figures.reviewed} reviews accepted as suggested`
}

interface Props {
  autonomy: StepAutonomyView
  /** Sets the level (and threshold) for new visits; resolves once the runtime took it. */
  onSet: (change: { level: AutonomyLevel; threshold: number }) => Promise<unknown>
  onDecline: () => Promise<unknown>
}

/**
 * An augment step's autonomy as the runtime applies it now: the level and threshold in force, the
 * accuracy behind them, a promotion the runtime proposes (approve or decline), and a change of level
 * that holds for new visits without a redeploy. The document's defaults are edited above, in the
 * step's form.
 */
export function AutonomyInForce({ autonomy, onSet, onDecline }: Props) {
  const { level, threshold, figures, proposal } = autonomy
  const [chosen, setChosen] = useState<{ level: AutonomyLevel; percent: string }>({
    level,
    percent: String(Math.round(threshold * 100)),
  })
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const levelId = useId()
  const thresholdId = useId()
  const act = (action: () => Promise<unknown>) => {
    setBusy(true)
    setError(undefined)
    action().then(
      () => setBusy(false),
      (failure: unknown) => {
        setBusy(false)
        setError(failure instanceof Error ? failure.message : String(failure))
      },
    )
  }
  const percent = Number(chosen.percent)
  const validPercent = chosen.percent.trim() !== '' && percent >= 0 && percent <= 100
  const unchanged = chosen.level === level && validPercent && percent / 100 === threshold
  return (
    <section className="inspector__section" aria-label="Autonomy in force">
      <h3>Autonomy in force</h3>
      <p>
        <strong>{levelName(level)}</strong> from {formatShare(threshold)} confidence
        {autonomy.setAt
          ? ` · set by ${personName(autonomy.setBy ?? 'someone')} ${formatTime(autonomy.setAt)}`
          : ' · as deployed'}
      </p>
      <p>{accuracyInWords(figures)}</p>
      {figures.sampledReviewed > 0 ? (
        <p>
          {figures.sampledOverrides} of the last {figures.sampledReviewed} sampled reviews overridden
        </p>
      ) : null}
      {proposal ? (
        <div role="group" aria-label="Proposed promotion" className="autonomy-proposal">
          <p>
            Proposed: {levelName(proposal.level)} from {formatShare(proposal.threshold)} confidence —{' '}
            {accuracyInWords(proposal.figures).toLowerCase()} ({formatTime(proposal.proposedAt)})
          </p>
          <button
            type="button"
            disabled={busy}
            onClick={() => act(() => onSet({ level: proposal.level, threshold: proposal.threshold }))}
          >
            Approve {levelName(proposal.level)}
          </button>{' '}
          <button type="button" disabled={busy} onClick={() => act(onDecline)}>
            Decline
          </button>
        </div>
      ) : null}
      <form
        aria-label="Change autonomy"
        onSubmit={(event) => {
          event.preventDefault()
          if (validPercent) act(() => onSet({ level: chosen.level, threshold: percent / 100 }))
        }}
      >
        <div className="field">
          <label htmlFor={levelId}>Level for new items</label>
          <select
            id={levelId}
            value={chosen.level}
            onChange={(event) => setChosen({ ...chosen, level: event.target.value as AutonomyLevel })}
          >
            {levelOptions.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={thresholdId}>Confidence threshold (%)</label>
          <input
            id={thresholdId}
            type="number"
            min={0}
            max={100}
            value={chosen.percent}
            onChange={(event) => setChosen({ ...chosen, percent: event.target.value })}
          />
        </div>
        <button type="submit" disabled={busy || unchanged || !validPercent}>
          Change autonomy
        </button>
      </form>
      {error ? <p role="alert">{error}</p> : null}
    </section>
  )
}
