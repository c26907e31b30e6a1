import { useCallback, useState } from 'react'
import { api } from '../api/client'
import { useResource } from '../api/use-resource'
import type { EditorExtensionProps } from '../app/extensions'
import { useReadOnly } from '../app/read-only'
import { formatTime } from './format'
import { InstanceView } from './instance-view'
import { StartInstanceForm } from './start-instance-form'
import { usePolling } from './use-polling'
import './run.css'

/** The workflow's instances: start one, see them all, open one to see its path on the diagram. */
export function RunsTab({ workflowId, doc, setOverlay, focusNode }: EditorExtensionProps) {
  const instances = useResource(() => api.listInstances({ workflowId, limit: 50 }), workflowId)
  const [openId, setOpenId] = useState<string>()
  const readOnly = useReadOnly()
  usePolling(instances.reload, 3_000)
  const labelOf = useCallback(
    (nodeId: string) => doc.nodes.find((node) => node.id === nodeId)?.data.label ?? nodeId,
    [doc],
  )

  return (
    <div className="run-panel">
      <h3>Instances</h3>
      {instances.error && <p role="alert">Instances could not be loaded: {instances.error}</p>}
      {instances.data?.items.length === 0 && <p>No instances yet.</p>}
      <ul className="instance-list" aria-label="Instances">
        {instances.data?.items.map((instance) => (
          <li key={instance.id}>
            <button
              type="button"
              aria-current={instance.id === openId ? 'true' : undefined}
              onClick={() => setOpenId(instance.id)}
            >
              <strong>{instance.status}</strong> · v{instance.version} · {formatTime(instance.startedAt)}
              {instance.activeNodes.length > 0 && ` · at ${instance.activeNodes.map(labelOf).join(', ')}`}
            </button>
          </li>
        ))}
      </ul>
      {openId && (
        <InstanceView
          key={openId}
          instanceId={openId}
          doc={doc}
          setOverlay={setOverlay}
          focusNode={focusNode}
        />
      )}
      <h3>Start an instance</h3>
      {readOnly ? (
        <p>Starting an instance needs the editor role; viewers can follow the runs here.</p>
      ) : (
        <StartInstanceForm
          workflowId={workflowId}
          doc={doc}
          onStarted={(instance) => {
            setOpenId(instance.id)
            instances.reload()
          }}
        />
      )}
    </div>
  )
}
