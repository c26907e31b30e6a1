import type { WorkflowDocument, WorkflowNode } from '@conveyor/shared'
import { useMemo } from 'react'
import { getNodeSections } from '../app/extensions'
import { dataFieldsAt } from '../doc/data-fields'
import { setLaneChanges } from '../doc/lane-bands'
import type { WorkflowStore } from '../doc/workflow-store'
import { editorKind } from '../kinds/registry'
import { ConnectionsEditor } from './connections-editor'
import { SelectField } from './fields'
import { SharedTextField } from './shared-text-field'
import { ToCheckSection } from './to-check-section'

export function NodeInspector({
  workflowId,
  node,
  document,
  store,
}: {
  workflowId: string
  node: WorkflowNode
  document: WorkflowDocument
  store: WorkflowStore
}) {
  const update = (patch: Record<string, unknown>) =>
    store.apply({ type: 'updateNodeData', id: node.id, patch })
  const dataFields = useMemo(() => dataFieldsAt(document, node.id), [document, node.id])
  const kind = editorKind(node.type)
  return (
    <div className="inspector" key={node.id} data-node-id={node.id}>
      <h2 className="panel-heading">
        {kind.label} <span className="muted">{node.id}</span>
      </h2>
      <ToCheckSection node={node} onChecked={() => update({ toCheck: undefined })} />
      <SharedTextField
        label="Name"
        value={node.data.label}
        field={{ nodeId: node.id, path: ['label'] }}
        required
        onCommit={(label) => label && update({ label })}
      />
      <SharedTextField
        label="Description"
        multiline
        value={node.data.description}
        field={{ nodeId: node.id, path: ['description'] }}
        onCommit={(description) => update({ description })}
      />
      <SelectField
        label="Lane"
        value={node.data.lane}
        emptyLabel="No lane"
        options={document.lanes.map((lane) => ({ value: lane.id, label: lane.name }))}
        onChange={(lane) => store.apply(...setLaneChanges(document, node.id, lane))}
      />
      <ConnectionsEditor node={node} document={document} apply={store.apply} />
      <kind.Form
        node={node}
        document={document}
        update={update}
        apply={store.apply}
        dataFields={dataFields}
      />
      {getNodeSections().map((section) => (
        <section.Component key={section.id} workflowId={workflowId} node={node} document={document} />
      ))}
      <button
        type="button"
        className="is-destructive"
        onClick={() => store.apply({ type: 'deleteElements', nodeIds: [node.id], edgeIds: [] })}
      >
        Delete {node.data.label}
      </button>
    </div>
  )
}
