import { addThread } from '@conveyor/shared'
import type * as Y from 'yjs'
import { CommentForm } from './comment-form'
import { CommentThreadView } from './comment-thread-view'
import { useCommentThreads } from './use-comment-threads'
import './comments.css'

interface CommentsPanelProps {
  ydoc: Y.Doc
  nodeId: string
  nodeLabel: string
  /** Who writes: the signed-in person's name; null shows the threads without writing. */
  author: string | null
  /** Why this person cannot write, shown when `author` is null. */
  readOnlyReason?: string
}

/** The comment threads on one node, open ones first, and a box to start another. */
export function CommentsPanel({ ydoc, nodeId, nodeLabel, author, readOnlyReason }: CommentsPanelProps) {
  const threads = useCommentThreads(ydoc).filter((thread) => thread.nodeId === nodeId)
  const ordered = [
    ...threads.filter((thread) => !thread.resolved),
    ...threads.filter((thread) => thread.resolved),
  ]
  return (
    <section className="comments-panel" aria-label={`Comments on ${nodeLabel}`}>
      <h2>Comments on {nodeLabel}</h2>
      {ordered.length === 0 ? <p>No comments on this node yet.</p> : null}
      {ordered.map((thread) => (
        <CommentThreadView key={thread.id} ydoc={ydoc} thread={thread} author={author} />
      ))}
      {author === null ? (
        <p role="note">{readOnlyReason}</p>
      ) : (
        <CommentForm
          label="New comment"
          submitLabel="Add comment"
          onSubmit={(text) => addThread(ydoc, { nodeId, nodeLabel, author, text })}
        />
      )}
    </section>
  )
}
