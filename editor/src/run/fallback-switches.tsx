import type { StepFallbackView } from '@conveyor/shared/protocol/step-fallback'
import { useState } from 'react'
import { api } from '../api/client'
import { manualBadge } from './fallback-badge'
import { announceFallbackSwitch } from './fallback-switched'

interface Props {
  workflowId: string
  fallbacks: readonly StepFallbackView[]
  labelOf: (nodeId: string) => string
  /** Called once the runtime switched a step, to read the states again. */
  switched: () => void
}

/**
 * The operator's switch of each step that calls an outside service or the assistant: to manual
 * (its work goes to people in its fallback lane) with a reason, and back.
 */
export function FallbackSwitches({ workflowId, fallbacks, labelOf, switched }: Props) {
  if (fallbacks.length === 0) return null
  return (
    <section aria-label="Manual fallback">
      <h3>Manual fallback</h3>
      <ul className="fallback-switches">
        {fallbacks.map((fallback) => (
          <FallbackSwitch
            key={fallback.nodeId}
            workflowId={workflowId}
            fallback={fallback}
            label={labelOf(fallback.nodeId)}
            switched={switched}
          />
        ))}
      </ul>
    </section>
  )
}

function FallbackSwitch({
  workflowId,
  fallback,
  label,
  switched,
}: {
  workflowId: string
  fallback: StepFallbackView
  label: string
  switched: () => void
}) {
  const [reason, setReason] = useState('')
  const [error, setError] = useState<string>()
  const manual = fallback.manual
  const submit = () => {
    setError(undefined)
    api.setStepFallback(workflowId, fallback.nodeId, { manual: !manual, reason: reason.trim() }).then(
      () => {
        setReason('')
        switched()
        announceFallbackSwitch(workflowId)
      },
      (failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure)),
    )
  }
  const action = manual ? `Switch ${label} back to automatic` : `Switch ${label} to manual`
  return (
    <li>
      <strong>{label}</strong>{' '}
      <span>
        {manualBadge(fallback) ??
          `Automatic${fallback.failuresInARow > 0 ? ` · ${fallback.failuresInARow} of ${fallback.breakAfter} failures in a row` : ''}`}
      </span>
      <form
        onSubmit={(event) => {
          event.preventDefault()
          submit()
        }}
      >
        <label>
          Why ({label})
          <input
            value={reason}
            required
            maxLength={500}
            onChange={(event) => setReason(event.target.value)}
          />
        </label>
        <button type="submit" disabled={!reason.trim()}>
          {action}
        </button>
      </form>
      {error ? <p role="alert">{error}</p> : null}
    </li>
  )
}
