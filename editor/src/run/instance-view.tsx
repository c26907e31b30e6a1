import type { WorkflowDocument } from '@conveyor/shared'
import { useCallback, useMemo } from 'react'
import { api } from '../api/client'
import { useResource } from '../api/use-resource'
import type { EditorExtensionProps } from '../app/extensions'
import { formatDuration, formatTime } from './format'
import { instanceOverlay, stepTimings } from './instance-path'
import { useOverlay } from './use-overlay'
import { usePolling } from './use-polling'

interface InstanceViewProps extends Pick<EditorExtensionProps, 'setOverlay' | 'focusNode'> {
  instanceId: string
  doc: WorkflowDocument
}

const finished = new Set(['completed', 'failed', 'cancelled', 'rejected'])

/** One instance: its path painted on the diagram, its steps with their times, and its data. */
export function InstanceView({ instanceId, doc, setOverlay, focusNode }: InstanceViewProps) {
  const instance = useResource(() => api.getInstance(instanceId), instanceId)
  const detail = instance.data
  const running = !detail || !finished.has(detail.status)
  usePolling(instance.reload, 1_500, running)

  const overlay = useMemo(() => detail && instanceOverlay(detail, Date.now()), [detail])
  useOverlay(setOverlay, overlay)

  const labelOf = useCallback(
    (nodeId: string) => doc.nodes.find((node) => node.id === nodeId)?.data.label ?? nodeId,
    [doc],
  )

  if (instance.error) return <p role="alert">The instance could not be loaded: {instance.error}</p>
  if (!detail) return <p>Loading the instance…</p>
  const timings = stepTimings(detail.history, detail.activeNodes, Date.now())
  return (
    <section aria-label={`Instance ${detail.id}`} className="instance-view">
      <h3>
        Instance {detail.id} · {detail.status}
        {detail.outcome && ` (${detail.outcome})`}
      </h3>
      <p className="muted">
        Version {detail.version} · started {formatTime(detail.startedAt)}
        {detail.endedAt && ` · ended ${formatTime(detail.endedAt)}`}
      </p>
      <ol className="step-history" aria-label="Steps">
        {timings.map((timing) => (
          <li key={timing.nodeId}>
            <button type="button" className="link-button" onClick={() => focusNode(timing.nodeId)}>
              {labelOf(timing.nodeId)}
            </button>{' '}
            — {formatDuration(timing.ms)}
            {detail.activeNodes.includes(timing.nodeId) && ' (now here)'}
          </li>
        ))}
      </ol>
      {detail.openIncidents.map((incident) => (
        <p key={incident.id} role="alert">
          {labelOf(incident.nodeId)} failed after {incident.attempts} attempt
          {incident.attempts === 1 ? '' : 's'}: {incident.error}
        </p>
      ))}
      <details>
        <summary>Data</summary>
        <pre>{JSON.stringify(detail.data, null, 2)}</pre>
      </details>
      {running && (
        <button
          type="button"
          onClick={() => api.cancelInstance(detail.id).then(instance.reload, instance.reload)}
        >
          Cancel instance
        </button>
      )}
    </section>
  )
}
