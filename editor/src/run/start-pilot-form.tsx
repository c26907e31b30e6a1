import {
  defaultPilotMinItems,
  guardrailMetrics,
  type Guardrail,
  type GuardrailMetric,
  type PilotSettings,
} from '@conveyor/shared/protocol/pilots'
import { useId, useState, type ReactNode } from 'react'
import { metricNames } from './pilot-words'

/** What the form holds, as typed: shares in per cent, lead time as a multiple of the current version's. */
export interface PilotDraft {
  sharePercent: string
  limits: Record<GuardrailMetric, string>
  minItems: string
  /** A `datetime-local` value, or empty for no end. */
  until: string
}

export const emptyPilotDraft: PilotDraft = {
  sharePercent: '10',
  limits: { errorRate: '', overrideRate: '', leadTimeP90: '', slaBreachRate: '', fallbackRate: '' },
  minItems: String(defaultPilotMinItems),
  until: '',
}

/** Lead time is limited against the current version (1.5 = half as long again); the rest in per cent. */
const relative = (metric: GuardrailMetric) => metric === 'leadTimeP90'
const limitLabel = (metric: GuardrailMetric) =>
  relative(metric)
    ? `${metricNames[metric]} at most (× the current version's)`
    : `${metricNames[metric]} at most (%)`

/** The pilot a draft asks for, or what is wrong with it, in words. */
export function pilotSettingsOf(draft: PilotDraft): PilotSettings | { problem: string } {
  const share = Number(draft.sharePercent)
  if (draft.sharePercent.trim() === '' || !(share > 0 && share < 100)) {
    return { problem: 'The share of new items is a percentage above 0 and below 100.' }
  }
  const guardrails: Guardrail[] = []
  for (const metric of guardrailMetrics) {
    const text = draft.limits[metric].trim()
    if (text === '') continue
    const value = Number(text)
    if (!(value >= 0) || (!relative(metric) && value > 100)) {
      return { problem: `${limitLabel(metric)}: ${relative(metric) ? 'a number of times' : 'a percentage'}.` }
    }
    guardrails.push(relative(metric) ? { metric, maxVsBaseline: value } : { metric, max: value / 100 })
  }
  if (guardrails.length === 0) return { problem: 'Give at least one guardrail a limit.' }
  const minItems = Number(draft.minItems)
  if (!Number.isInteger(minItems) || minItems < 1) {
    return { problem: 'Items before a rollback: a whole number from 1.' }
  }
  const until = draft.until ? new Date(draft.until) : undefined
  if (until && Number.isNaN(until.getTime())) return { problem: 'The end is not a date and time.' }
  return { share: share / 100, guardrails, minItems, ...(until ? { until: until.toISOString() } : {}) }
}

/** Deploys the diagram as a pilot on a share of new items, with the limits that roll it back. */
export function StartPilotForm({
  busy,
  onStart,
}: {
  busy: boolean
  onStart: (pilot: PilotSettings) => void
}) {
  const [draft, setDraft] = useState(emptyPilotDraft)
  const [problem, setProblem] = useState<string>()
  const id = useId()
  const field = (key: string, label: string, input: (fieldId: string) => ReactNode) => (
    <div className="field" key={key}>
      <label htmlFor={`${id}-${key}`}>{label}</label>
      {input(`${id}-${key}`)}
    </div>
  )
  return (
    <form
      aria-label="Start a pilot"
      onSubmit={(event) => {
        event.preventDefault()
        const settings = pilotSettingsOf(draft)
        if ('problem' in settings) return setProblem(settings.problem)
        setProblem(undefined)
        onStart(settings)
      }}
    >
      <p>Deploys the diagram as shown to a share of new items only; the rest stay on the current version.</p>
      {field('share', 'Share of new items (%)', (fieldId) => (
        <input
          id={fieldId}
          type="number"
          min={1}
          max={99}
          value={draft.sharePercent}
          onChange={(event) => setDraft({ ...draft, sharePercent: event.target.value })}
        />
      ))}
      <fieldset>
        <legend>Guardrails: over any of these limits, the pilot is rolled back</legend>
        {guardrailMetrics.map((metric) =>
          field(metric, limitLabel(metric), (fieldId) => (
            <input
              id={fieldId}
              type="number"
              min={0}
              step="any"
              value={draft.limits[metric]}
              onChange={(event) =>
                setDraft({ ...draft, limits: { ...draft.limits, [metric]: event.target.value } })
              }
            />
          )),
        )}
      </fieldset>
      {field('min-items', 'Pilot items before a rollback can happen', (fieldId) => (
        <input
          id={fieldId}
          type="number"
          min={1}
          value={draft.minItems}
          onChange={(event) => setDraft({ ...draft, minItems: event.target.value })}
        />
      ))}
      {field('until', 'Ends on (optional)', (fieldId) => (
        <input
          id={fieldId}
          type="datetime-local"
          value={draft.until}
          onChange={(event) => setDraft({ ...draft, until: event.target.value })}
        />
      ))}
      {problem ? <p role="alert">{problem}</p> : null}
      <button type="submit" disabled={busy}>
        Start pilot
      </button>
    </form>
  )
}
