import { api } from '../api/client'
import { useResource } from '../api/use-resource'
import type { EditorExtensionProps } from '../app/extensions'
import { useReadOnly } from '../app/read-only'
import { useMe } from '../comments/use-me'
import { DeployRequestCard, personOf } from './deploy-request-card'
import { PilotsSection } from './pilots-section'
import { useAction } from './use-action'
import { usePolling } from './use-polling'
import './run.css'

/**
 * Pilots (see PilotsSection), then deploys waiting for a second person (four eyes): each pending request with what it changes, and
 * Approve / Reject for everyone but the person who asked. The runtime decides who may approve
 * (also refusing whoever changed the workflow since its deployed version); this tab explains it.
 */
export function DeployRequestsTab({ workflowId, storeChanges }: EditorExtensionProps) {
  const requests = useResource(() => api.listDeploymentRequests(workflowId), workflowId)
  usePolling(requests.reload, 3_000)
  const me = useMe()
  const readOnly = useReadOnly()
  const items = requests.data ?? []
  const pending = items.filter((request) => request.state === 'pending')
  const decided = items.filter((request) => request.state !== 'pending')
  const myActor = me.status === 'known' ? `user:${me.me.name}` : undefined

  const { busy, notice, act: decide } = useAction(requests.reload)

  return (
    <div className="run-panel">
      <PilotsSection workflowId={workflowId} mayDecide={!readOnly} storeChanges={storeChanges} />
      <h3>Waiting for approval</h3>
      {requests.error && <p role="alert">Deploy requests could not be loaded: {requests.error}</p>}
      {requests.data && pending.length === 0 && <p>No deploy is waiting for approval.</p>}
      {notice && <p role={notice.failed ? 'alert' : 'status'}>{notice.text}</p>}
      <ul className="deploy-requests" aria-label="Deploy requests waiting for approval">
        {pending.map((request) => (
          <DeployRequestCard
            key={request.n}
            request={request}
            mayDecide={!readOnly}
            cannotApprove={
              request.requestedBy === myActor
                ? 'You requested this deploy; another person must approve it.'
                : undefined
            }
            busy={busy}
            onApprove={() =>
              decide(async () => {
                const { deployment } = await api.approveDeploymentRequest(workflowId, request.n)
                return `Approved request ${request.n}: version ${deployment.version} is now current`
              })
            }
            onReject={(reason) =>
              decide(async () => {
                await api.rejectDeploymentRequest(workflowId, request.n, reason || undefined)
                return `Rejected request ${request.n}: nothing was deployed`
              })
            }
          />
        ))}
      </ul>
      {decided.length > 0 && (
        <>
          <h3>Decided</h3>
          <ul className="deploy-requests" aria-label="Decided deploy requests">
            {decided.map((request) => (
              <li key={request.n}>
                Request {request.n} by {personOf(request.requestedBy)}: {request.state}
                {request.decidedBy && ` by ${personOf(request.decidedBy)}`}
                {request.deploymentId && ` → ${request.deploymentId}`}
                {request.reason && ` (${request.reason})`}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  )
}
