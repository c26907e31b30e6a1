import type { EditorExtensionProps } from '../app/extensions'
import { CommentsPanel } from './comments-panel'
import { useMe } from './use-me'

/** The side panel's Comments tab: the threads on the one selected node, written as the signed-in person. */
export function CommentsTab({ doc, ydoc, selectedNodeIds }: EditorExtensionProps) {
  const me = useMe()
  const [only, ...others] = selectedNodeIds
  const node = others.length === 0 ? doc.nodes.find((entry) => entry.id === only) : undefined
  if (!node) return <p>Select one node to see and add its comments.</p>
  if (me.status === 'loading') return <p role="status">Loading…</p>
  const author = me.status === 'known' && !me.me.readOnly ? me.me.name : null
  const readOnlyReason =
    me.status === 'unknown'
      ? 'Commenting needs your signed-in name, and the runtime did not give it.'
      : 'Viewers can read comments; writing them needs the editor role.'
  return (
    <CommentsPanel
      ydoc={ydoc}
      nodeId={node.id}
      nodeLabel={node.data.label}
      author={author}
      readOnlyReason={author ? undefined : readOnlyReason}
    />
  )
}
