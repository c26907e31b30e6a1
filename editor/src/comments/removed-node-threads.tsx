import { threadsOnRemovedNodes, type CommentThread } from '@conveyor/shared'
import { useId } from 'react'
import type * as Y from 'yjs'
import { CommentThreadView } from './comment-thread-view'
import { useCommentThreads } from './use-comment-threads'

interface RemovedNodeThreadsProps {
  ydoc: Y.Doc
  /** The nodes on the diagram now; threads on any other node are listed here. */
  nodeIds: string[]
  /** Who writes: the signed-in person's name; null shows the threads without writing. */
  author: string | null
  /** Why this person cannot write, when nothing else on the tab says it already. */
  readOnlyReason?: string
}

const aboutOf = (thread: CommentThread) =>
  thread.nodeLabel ? `Left on “${thread.nodeLabel}”, since deleted` : 'Left on a node since deleted'

/**
 * Threads whose node was deleted have no node to be opened from: they are listed here, so what
 * was said is not lost and open questions can still be answered or resolved. Resolved ones fold away.
 */
export function RemovedNodeThreads({ ydoc, nodeIds, author, readOnlyReason }: RemovedNodeThreadsProps) {
  const headingId = useId()
  const threads = threadsOnRemovedNodes(useCommentThreads(ydoc), nodeIds)
  if (threads.length === 0) return null
  const open = threads.filter((thread) => !thread.resolved)
  const resolved = threads.filter((thread) => thread.resolved)
  const view = (thread: CommentThread) => (
    <CommentThreadView key={thread.id} ydoc={ydoc} thread={thread} author={author} about={aboutOf(thread)} />
  )
  return (
    <section className="comments-panel comments-panel--removed" aria-labelledby={headingId}>
      <h2 id={headingId}>On removed nodes</h2>
      <p>
        {open.length === 0
          ? 'Every thread left on a deleted node is resolved.'
          : `${open.length === 1 ? 'One thread was' : `${open.length} threads were`} left open on nodes that have since been deleted.`}
      </p>
      {open.map(view)}
      {resolved.length > 0 ? (
        <details>
          <summary>
            {resolved.length === 1 ? '1 resolved thread' : `${resolved.length} resolved threads`}
          </summary>
          {resolved.map(view)}
        </details>
      ) : null}
      {author === null && readOnlyReason ? <p role="note">{readOnlyReason}</p> : null}
    </section>
  )
}
