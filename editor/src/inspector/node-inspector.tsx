import type { NodeKind, WorkflowDocument, WorkflowNode } from '@conveyor/shared'
import { useMemo, type ComponentType } from 'react'
import { dataFieldsAt } from '../doc/data-fields'
import { setLaneChanges } from '../doc/lane-bands'
import { kindLabels } from '../doc/new-node'
import type { WorkflowStore } from '../doc/workflow-store'
import { ConnectionsEditor } from './connections-editor'
import { DecisionForm } from './decision-form'
import { EndForm } from './end-form'
import { ExceptionForm } from './exception-form'
import { SelectField } from './fields'
import type { KindFormProps } from './kind-form-props'
import { SharedTextField } from './shared-text-field'
import { StepForm } from './step-form'
import { TriggerForm } from './trigger-form'

const NoExtraFields = () => null

/** The form of each kind; a missing kind fails the type check. */
const kindForms: { [K in NodeKind]: ComponentType<KindFormProps<K>> } = {
  trigger: TriggerForm,
  step: StepForm,
  decision: DecisionForm,
  exception: ExceptionForm,
  fork: NoExtraFields,
  join: NoExtraFields,
  end: EndForm,
  note: NoExtraFields,
}

export function NodeInspector({
  node,
  document,
  store,
}: {
  node: WorkflowNode
  document: WorkflowDocument
  store: WorkflowStore
}) {
  const update = (patch: Record<string, unknown>) =>
    store.apply({ type: 'updateNodeData', id: node.id, patch })
  const dataFields = useMemo(() => dataFieldsAt(document, node.id), [document, node.id])
  const KindForm = kindForms[node.type] as ComponentType<KindFormProps<NodeKind>>
  return (
    <div className="inspector" key={node.id} data-node-id={node.id}>
      <h2 className="panel-heading">
        {kindLabels[node.type]} <span className="muted">{node.id}</span>
      </h2>
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
      <KindForm node={node} document={document} update={update} apply={store.apply} dataFields={dataFields} />
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
