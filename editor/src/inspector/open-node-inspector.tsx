import type { NodeKind, NodeOfKind, WorkflowNode } from '@conveyor/shared'
import { render } from '@testing-library/react'
import { exampleDocument } from '../doc/test-documents'
import { WorkflowStore } from '../doc/workflow-store'
import { NodeInspector } from './node-inspector'

/**
 * For tests: the inspector of one node of an example workflow, drawn in jsdom over a real store.
 * `rerender` draws it again from the store, as the editor does after each change.
 */
export function openNodeInspector(nodeId: string, example = 'order-to-cash') {
  const store = new WorkflowStore()
  store.load(exampleDocument(example))
  const node = () => store.getSnapshot().nodes.find((entry) => entry.id === nodeId) as WorkflowNode
  const tree = () => (
    <NodeInspector workflowId={example} node={node()} document={store.getSnapshot()} store={store} />
  )
  const view = render(tree())
  const rerender = () => view.rerender(tree())
  /** The node's data, checked to be of the kind the test expects. */
  const dataOf = <K extends NodeKind>(kind: K): NodeOfKind<K>['data'] => {
    const current = node()
    if (current.type !== kind) throw new Error(`${nodeId} is a ${current.type}, not a ${kind}`)
    return current.data as NodeOfKind<K>['data']
  }
  return { store, node, dataOf, rerender }
}
