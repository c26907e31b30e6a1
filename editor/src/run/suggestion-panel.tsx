import type { Suggestion, Verdict } from '@conveyor/shared/protocol/api'

interface SuggestionPanelProps {
  suggestion: Suggestion
  fieldLabel: string
  /** How to show the suggested value when it is not plain text (a branch's label for its id). */
  valueText?: string
  /** The verdicts that make sense here: a suggested branch can be taken or not, but not edited. */
  offered?: Verdict[]
  verdict: Verdict
  onVerdict: (verdict: Verdict) => void
}

const verdicts: Array<{ value: Verdict; label: string; help: string }> = [
  { value: 'accept', label: 'Accept', help: 'use the suggestion as it is' },
  { value: 'edit', label: 'Edit', help: 'start from the suggestion and change it' },
  { value: 'override', label: 'Override', help: 'replace it with your own answer' },
]

function shown(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2)
}

/** The assistant's suggestion for an augmented step, why it made it, and what the person makes of it. */
export function SuggestionPanel({
  suggestion,
  fieldLabel,
  valueText,
  offered = ['accept', 'edit', 'override'],
  verdict,
  onVerdict,
}: SuggestionPanelProps) {
  return (
    <section className="suggestion" aria-label="Assistant's suggestion">
      <h3>
        Assistant's suggestion for {fieldLabel}
        {suggestion.confidence !== undefined && (
          <span className="confidence"> · confidence {Math.round(suggestion.confidence * 100)}%</span>
        )}
      </h3>
      <pre className="suggestion-value">{valueText ?? shown(suggestion.value)}</pre>
      <p>
        <strong>Why: </strong>
        {suggestion.explanation}
      </p>
      <fieldset>
        <legend>Your verdict</legend>
        {verdicts
          .filter((option) => offered.includes(option.value))
          .map((option) => (
            <label key={option.value} className="verdict">
              <input
                type="radio"
                name="verdict"
                value={option.value}
                checked={verdict === option.value}
                onChange={() => onVerdict(option.value)}
              />{' '}
              {option.label} <span className="muted">({option.help})</span>
            </label>
          ))}
      </fieldset>
    </section>
  )
}
