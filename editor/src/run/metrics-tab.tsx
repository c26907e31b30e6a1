import { useMemo, useState } from 'react'
import { api } from '../api/client'
import { useResource } from '../api/use-resource'
import type { EditorExtensionProps } from '../app/extensions'
import { EventLogDownload } from './event-log-download'
import { formatDuration, formatMoney, formatShare } from './format'
import { FallbackSwitches } from './fallback-switches'
import { metricsOverlay } from './metrics-overlay'
import { TrendsPanel } from './trends/trends-panel'
import { useOverlay } from './use-overlay'
import './run.css'

const share = (value: number | null) => (value === null ? '—' : formatShare(value))
const duration = (value: number | null) => (value === null ? '—' : formatDuration(value))
const money = (value: number | null, currency: string) =>
  value === null ? '—' : formatMoney(value, currency)

/** What the runtime measured for each node, in a table and painted on the diagram. */
export function MetricsTab({ workflowId, doc, setOverlay }: EditorExtensionProps) {
  const metrics = useResource(() => api.getMetrics(workflowId), workflowId)
  const fallbacks = useResource(() => api.listStepFallbacks(workflowId), workflowId)
  const [refreshes, setRefreshes] = useState(0)
  const data = metrics.data
  const switches = fallbacks.data

  const overlay = useMemo(() => data && metricsOverlay(data), [data])
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
        {data.started} started · {data.ended} ended ({data.completed} completed, {data.rejected} rejected,{' '}
        {data.failed} failed, {data.cancelled} cancelled) · {data.inProgress} in progress
      </p>
      <dl className="metrics-figures" aria-label="Figures per item">
        <dt>Lead time p50 / p90</dt>
        <dd>
          {duration(data.leadTimeMs.p50)} / {duration(data.leadTimeMs.p90)}
        </dd>
        <dt>Touch time p50</dt>
        <dd>{duration(data.touchTimeMs.p50)}</dd>
        <dt>Waiting time p50</dt>
        <dd>{duration(data.waitingTimeMs.p50)}</dd>
        <dt>Process cycle efficiency</dt>
        <dd>{share(data.processCycleEfficiency)}</dd>
        <dt>Touchless (no person)</dt>
        <dd>{share(data.touchlessRate)}</dd>
        <dt>Automation share of steps</dt>
        <dd>{share(data.automationShare)}</dd>
        <dt>Rework</dt>
        <dd>{share(data.reworkRate)}</dd>
        <dt>Override rate</dt>
        <dd>{share(data.overrideRate)}</dd>
        <dt>Cost per item</dt>
        <dd>{money(data.costPerItem, data.currency)}</dd>
      </dl>
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
      <EventLogDownload workflowId={workflowId} />
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
            <th scope="col">
              <abbr title="Rejected · failed (errors) · cancelled">Not done</abbr>
            </th>
            <th scope="col">
              <abbr title="Median handling time">Median</abbr>
            </th>
            <th scope="col">
              <abbr title="Median time a task waited for a person">Wait</abbr>
            </th>
            <th scope="col">
              <abbr title="Share of assistant suggestions people overrode">Override</abbr>
            </th>
            <th scope="col">
              <abbr title="Automation share: work a machine did in place of a person">Auto</abbr>
            </th>
            <th scope="col">Cost</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ label, step }) => (
            <tr key={step.nodeId}>
              <th scope="row">{label}</th>
              <td>
                {step.completed} / {step.started}
              </td>
              <td>
                {step.rejected} · {step.failed} · {step.cancelled}
              </td>
              <td>{duration(step.handlingTimeMs.p50)}</td>
              <td>{duration(step.waitingTimeMs.p50)}</td>
              <td>{share(step.overrideRate)}</td>
              <td>{share(step.automationShare)}</td>
              <td>{money(step.cost, data.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <TrendsPanel workflowId={workflowId} reloads={refreshes} />
    </div>
  )
}
