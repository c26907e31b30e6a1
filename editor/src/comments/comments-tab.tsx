import type { EditorExtensionProps } from '../app/extensions'
import { CommentsPanel } from './comments-panel'
import { useMyName } from './use-my-name'

/** The side panel's Comments tab: the threads on the one selected node, written as the signed-in person. */
export function CommentsTab({ doc, ydoc, selectedNodeIds }: EditorExtensionProps) {
  const me = useMyName()
  const [only, ...others] = selectedNodeIds
  const node = others.length === 0 ? doc.nodes.find((entry) => entry.id === only) : undefined
  if (!node) return <p>Select one node to see and add its comments.</p>
  if (me.status === 'loading') return <p role="status">Loading…</p>
  if (me.status === 'unknown') {
    return (
      <p role="alert">Comments need your signed-in name, and the runtime did not give it. Sign in again.</p>
    )
  }
  return <CommentsPanel ydoc={ydoc} nodeId={node.id} nodeLabel={node.data.label} author={me.name} />
}
