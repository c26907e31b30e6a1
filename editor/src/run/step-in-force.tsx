import { callsOutside } from '@conveyor/shared'
import type { AutonomyLevel } from '@conveyor/shared'
import { useCallback } from 'react'
import { ApiError } from '../api/api-error'
import { api } from '../api/client'
import { useResource } from '../api/use-resource'
import type { NodeSectionProps } from '../app/extensions'
import { AutonomyInForce } from './autonomy-in-force'
import { FallbackSwitches } from './fallback-switches'
import { StepHistoryList } from './step-history-list'
import { usePolling } from './use-polling'

/** How often what the runtime decides by itself (a breaker trip, a proposal, a demotion) is read again. */
const refreshMs = 5_000

/** null when the runtime has no such thing: the workflow is not deployed, or the step is not (yet) of that kind there. */
function unlessMissing<T>(load: Promise<T>): Promise<T | null> {
  return load.catch((error: unknown) => {
    if (error instanceof ApiError && error.status === 404) return null
    throw error
  })
}

/**
 * What holds for a step that calls an outside service or the assistant while the workflow runs,
 * shown where the step is inspected: whether it is done by hand (and the switch), an augment
 * step's autonomy in force, and its history.
 */
export function StepInForce({ workflowId, node }: NodeSectionProps) {
  if (!('mode' in node.data) || !callsOutside(node.data)) return null
  return (
    <StepInForcePanel
      key={node.id}
      workflowId={workflowId}
      nodeId={node.id}
      label={node.data.label}
      assisted={node.data.mode === 'augment'}
    />
  )
}

function StepInForcePanel({
  workflowId,
  nodeId,
  label,
  assisted,
}: {
  workflowId: string
  nodeId: string
  label: string
  assisted: boolean
}) {
  const key = `${workflowId}\u0000${nodeId}`
  const fallback = useResource(() => unlessMissing(api.getStepFallback(workflowId, nodeId)), key)
  const autonomy = useResource(
    () => (assisted ? unlessMissing(api.getStepAutonomy(workflowId, nodeId)) : Promise.resolve(null)),
    `${key}\u0000${assisted}`,
  )
  const history = useResource(() => unlessMissing(api.getStepHistory(workflowId, nodeId)), key)
  const reload = useCallback(() => {
    fallback.reload()
    autonomy.reload()
    history.reload()
  }, [fallback.reload, autonomy.reload, history.reload])
  usePolling(reload, refreshMs)

  const setAutonomy = (change: { level: AutonomyLevel; threshold: number }) =>
    api.setStepAutonomy(workflowId, nodeId, change).then(reload)
  const decline = () => api.declineAutonomyProposal(workflowId, nodeId).then(reload)
  const error = fallback.error ?? autonomy.error ?? history.error
  return (
    <section className="step-in-force" aria-label={`Running now: ${label}`}>
      <h3 className="panel-heading">Running now</h3>
      {error ? <p role="alert">{error}</p> : null}
      {fallback.data === null ? (
        <p className="muted">Not deployed yet: once deployed, {label} can be switched to manual here.</p>
      ) : fallback.data ? (
        <FallbackSwitches
          workflowId={workflowId}
          fallbacks={[fallback.data]}
          labelOf={() => label}
          switched={reload}
        />
      ) : null}
      {autonomy.data ? (
        <AutonomyInForce
          key={`${autonomy.data.level}\u0000${autonomy.data.threshold}`}
          autonomy={autonomy.data}
          onSet={setAutonomy}
          onDecline={decline}
        />
      ) : null}
      {history.data ? <StepHistoryList label={label} lines={history.data.items} /> : null}
    </section>
  )
}
