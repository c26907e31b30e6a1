import { useMemo, useState } from 'react'
import { api } from '../api/client'
import { useResource } from '../api/use-resource'
import type { EditorExtensionProps } from '../app/extensions'
import { formatDuration, formatShare } from './format'
import { withManualBadges } from './fallback-badge'
import { FallbackSwitches } from './fallback-switches'
import { metricsOverlay } from './metrics-overlay'
import { TrendsPanel } from './trends/trends-panel'
import { useOverlay } from './use-overlay'
import './run.css'

const share = (value: number | null) => (value === null ? '—' : formatShare(value))
const duration = (value: number | null) => (value === null ? '—' : formatDuration(value))

/** What the runtime measured for each node, in a table and painted on the diagram. */
export function MetricsTab({ workflowId, doc, setOverlay }: EditorExtensionProps) {
  const metrics = useResource(() => api.getMetrics(workflowId), workflowId)
  const fallbacks = useResource(() => api.listStepFallbacks(workflowId), workflowId)
  const [refreshes, setRefreshes] = useState(0)
  const data = metrics.data
  const switches = fallbacks.data

  const overlay = useMemo(
    () => data && withManualBadges(metricsOverlay(data), switches ?? []),
    [data, switches],
  )
  useOverlay(setOverlay, overlay)

  if (metrics.error) return <p role="alert">Metrics could not be loaded: {metrics.error}</p>
  if (!data) return <p>Loading metrics…</p>
  const rows = doc.nodes.flatMap((node) => {
    const step = data.steps[node.id]
    return step ? [{ label: node.data.label, step }] : []
  })
  return (
    <div className="run-panel">
      <p>
        {data.started} started · {data.completed} completed · {data.inProgress} in progress · median cycle
        time {duration(data.cycleTimeMs.p50)} · automation coverage {share(data.automationCoverage)} ·
        override rate {share(data.overrideRate)}
      </p>
      <button
        type="button"
        onClick={() => {
          metrics.reload()
          fallbacks.reload()
          setRefreshes((count) => count + 1)
        }}
      >
        Refresh metrics
      </button>
      <FallbackSwitches
        workflowId={workflowId}
        fallbacks={switches ?? []}
        labelOf={(nodeId) => doc.nodes.find((node) => node.id === nodeId)?.data.label ?? nodeId}
        switched={fallbacks.reload}
      />
      <table className="metrics-table" aria-label="Metrics per node">
        <thead>
          <tr>
            <th scope="col">Node</th>
            <th scope="col">Done</th>
            <th scope="col">Median</th>
            <th scope="col">
              <abbr title="Share of assistant suggestions people overrode">Override</abbr>
            </th>
            <th scope="col">
              <abbr title="Automation coverage: share finished with no person">Auto</abbr>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ label, step }) => (
            <tr key={step.nodeId}>
              <th scope="row">{label}</th>
              <td>
                {step.completed} / {step.started}
              </td>
              <td>{duration(step.cycleTimeMs.p50)}</td>
              <td>{share(step.overrideRate)}</td>
              <td>{share(step.automationCoverage)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <TrendsPanel workflowId={workflowId} reloads={refreshes} />
    </div>
  )
}
