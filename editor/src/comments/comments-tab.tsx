import type { EditorExtensionProps } from '../app/extensions'
import { CommentsPanel } from './comments-panel'
import { RemovedNodeThreads } from './removed-node-threads'
import { useMe, type MeState } from './use-me'

/** Who may write here: the signed-in editor's name, or null and why not. */
function writerOf(me: Exclude<MeState, { status: 'loading' }>): {
  author: string | null
  readOnlyReason?: string
} {
  if (me.status === 'known' && !me.me.readOnly) return { author: me.me.name }
  return {
    author: null,
    readOnlyReason:
      me.status === 'unknown'
        ? 'Commenting needs your signed-in name, and the runtime did not give it.'
        : 'Viewers can read comments; writing them needs the editor role.',
  }
}

/**
 * The side panel's Comments tab: the threads on the one selected node, written as the signed-in
 * person, then the threads left on nodes that were deleted since.
 */
export function CommentsTab({ doc, ydoc, selectedNodeIds }: EditorExtensionProps) {
  const me = useMe()
  const [only, ...others] = selectedNodeIds
  const node = others.length === 0 ? doc.nodes.find((entry) => entry.id === only) : undefined
  const prompt = <p>Select one node to see and add its comments.</p>
  if (me.status === 'loading') return node ? <p role="status">Loading…</p> : prompt
  const { author, readOnlyReason } = writerOf(me)
  return (
    <>
      {node ? (
        <CommentsPanel
          ydoc={ydoc}
          nodeId={node.id}
          nodeLabel={node.data.label}
          author={author}
          readOnlyReason={readOnlyReason}
        />
      ) : (
        prompt
      )}
      <RemovedNodeThreads
        ydoc={ydoc}
        nodeIds={doc.nodes.map((entry) => entry.id)}
        author={author}
        readOnlyReason={node ? undefined : readOnlyReason}
      />
    </>
  )
}
