import { describeCompiledDiff } from '@conveyor/shared'
import type { DeploymentRequest } from '@conveyor/shared/protocol/api'
import { useId, useState } from 'react'
import { formatTime } from './format'

/** `user:alice` → `alice`: the audit log's actor as people read it. */
export const personOf = (actor: string): string => actor.replace(/^user:/, '')

interface Props {
  request: DeploymentRequest
  /** Why this person may not decide on it, or undefined when they may. */
  cannotApprove?: string
  /** Viewers see requests but decide nothing. */
  mayDecide: boolean
  busy: boolean
  onApprove: () => void
  onReject: (reason: string) => void
}

/** A pending deploy request: who asked, what it changes, and the decision for someone else to make. */
export function DeployRequestCard({ request, cannotApprove, mayDecide, busy, onApprove, onReject }: Props) {
  const [reason, setReason] = useState('')
  const why = useId()
  const changes = describeCompiledDiff(request.diff)
  return (
    <li className="deploy-request">
      <h4>
        Request {request.n} by {personOf(request.requestedBy)}
      </h4>
      <p className="muted">
        Revision {request.revision}, asked {formatTime(request.requestedAt)}
        {request.baseDeploymentId ? `, against ${request.baseDeploymentId}` : ', a first deploy'}
      </p>
      <ul aria-label={`Changes in request ${request.n}`}>
        {changes.length === 0 ? (
          <li>Nothing that runs changes</li>
        ) : (
          changes.map((line) => <li key={line}>{line}</li>)
        )}
      </ul>
      {mayDecide ? (
        <div className="deploy-request-actions">
          {cannotApprove && <p id={why}>{cannotApprove}</p>}
          <button
            type="button"
            disabled={busy || cannotApprove !== undefined}
            aria-describedby={cannotApprove ? why : undefined}
            onClick={onApprove}
          >
            Approve
          </button>
          <label>
            Reason (optional)
            <input value={reason} onChange={(event) => setReason(event.target.value)} />
          </label>
          <button type="button" disabled={busy} onClick={() => onReject(reason.trim())}>
            {cannotApprove ? 'Withdraw' : 'Reject'}
          </button>
        </div>
      ) : (
        <p>Deciding on a deploy needs the editor role.</p>
      )}
    </li>
  )
}
