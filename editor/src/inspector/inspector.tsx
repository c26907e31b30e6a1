import { branchLabel, type WorkflowDocument, type WorkflowEdge } from '@conveyor/shared'
import { useReadOnly } from '../app/read-only'
import type { Selection } from '../canvas/selection'
import type { WorkflowStore } from '../doc/workflow-store'
import { TextField } from './fields'
import { LanesEditor } from './lanes-editor'
import { NodeInspector } from './node-inspector'
import { TargetsEditor } from './targets-editor'
import { CurrencyField } from './currency-field'
import { DeployApprovalField } from './deploy-approval-field'

/** The label of the decision branch an edge leaves through, if it does. */
function branchOf(document: WorkflowDocument, edge: WorkflowEdge): string | undefined {
  const source = document.nodes.find((node) => node.id === edge.source)
  return source && branchLabel(source, edge.sourceHandle)
}

interface InspectorProps {
  workflowId: string
  store: WorkflowStore
  document: WorkflowDocument
  selection: Selection
}

/**
 * Edits what is selected: one node, one edge, or (with nothing selected) the workflow itself. In
 * view-only mode the same forms show every value, locked by one disabled fieldset: each field,
 * select and button inside is disabled by the browser, whichever form drew it.
 */
export function Inspector(props: InspectorProps) {
  const readOnly = useReadOnly()
  return (
    <fieldset className="inspector-lock" disabled={readOnly}>
      <InspectorContent {...props} />
    </fieldset>
  )
}

function InspectorContent({ workflowId, store, document, selection }: InspectorProps) {
  const selectedNodes = document.nodes.filter((node) => selection.nodes.has(node.id))
  const selectedEdges = document.edges.filter((edge) => selection.edges.has(edge.id))
  if (selectedNodes.length === 1 && selectedEdges.length === 0) {
    return (
      <NodeInspector workflowId={workflowId} node={selectedNodes[0]!} document={document} store={store} />
    )
  }
  if (selectedNodes.length === 0 && selectedEdges.length === 1) {
    const edge = selectedEdges[0]!
    const name = (id: string) => document.nodes.find((node) => node.id === id)?.data.label ?? id
    return (
      <div className="inspector" key={edge.id}>
        <h2 className="panel-heading">
          Edge from {name(edge.source)} to {name(edge.target)}
        </h2>
        {branchOf(document, edge) ? (
          <p>
            This edge carries the branch “{branchOf(document, edge)}”: rename it in {name(edge.source)}.
          </p>
        ) : (
          <TextField
            label="Edge label"
            value={edge.data?.label}
            onCommit={(label) => store.apply({ type: 'updateEdge', id: edge.id, label })}
          />
        )}
        <button
          type="button"
          className="is-destructive"
          onClick={() => store.apply({ type: 'deleteElements', nodeIds: [], edgeIds: [edge.id] })}
        >
          Delete edge
        </button>
      </div>
    )
  }
  if (selectedNodes.length + selectedEdges.length > 1) {
    return (
      <div className="inspector">
        <p>
          {selectedNodes.length} nodes and {selectedEdges.length} edges selected.
        </p>
        <button
          type="button"
          className="is-destructive"
          onClick={() =>
            store.apply({
              type: 'deleteElements',
              nodeIds: selectedNodes.map((node) => node.id),
              edgeIds: selectedEdges.map((edge) => edge.id),
            })
          }
        >
          Delete selection
        </button>
      </div>
    )
  }
  const meta = (patch: Parameters<typeof store.apply>[0] & { type: 'updateMeta' }) => store.apply(patch)
  return (
    <div className="inspector">
      <h2 className="panel-heading">Workflow</h2>
      <TextField
        label="Workflow name"
        value={document.name}
        required
        onCommit={(name) => name && meta({ type: 'updateMeta', patch: { name } })}
      />
      <TextField
        label="Workflow description"
        multiline
        value={document.description}
        onCommit={(description) => meta({ type: 'updateMeta', patch: { description } })}
      />
      <TextField
        label="Owner"
        value={document.owner}
        onCommit={(owner) => meta({ type: 'updateMeta', patch: { owner } })}
      />
      <TextField
        label="Value stream"
        value={document.valueStream}
        onCommit={(valueStream) => meta({ type: 'updateMeta', patch: { valueStream } })}
      />
      <DeployApprovalField
        document={document}
        onChange={(deploysNeedApproval) => meta({ type: 'updateMeta', patch: { deploysNeedApproval } })}
      />
      <CurrencyField
        currency={document.currency}
        onChange={(currency) => meta({ type: 'updateMeta', patch: { currency } })}
      />
      <TargetsEditor document={document} apply={store.apply} />
      <LanesEditor document={document} apply={store.apply} />
    </div>
  )
}
