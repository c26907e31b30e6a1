import type { StepHistoryLine } from '@conveyor/shared/protocol/step-history'
import { formatTime } from './format'

/** A step's history, newest first: when, who, and what happened with the figures behind it. */
export function StepHistoryList({ label, lines }: { label: string; lines: readonly StepHistoryLine[] }) {
  return (
    <section className="inspector__section" aria-label={`History of ${label}`}>
      <h3>History</h3>
      {lines.length === 0 ? (
        <p className="muted">Nothing has happened to this step yet: no switch, no change of autonomy.</p>
      ) : (
        <ol className="step-history">
          {lines.map((line) => (
            <li key={line.seq}>
              <time dateTime={line.at}>{formatTime(line.at)}</time> · {line.by} — {line.text}
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}
