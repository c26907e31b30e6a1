import { reply, setResolved, type CommentThread } from '@conveyor/shared'
import type * as Y from 'yjs'
import { CommentForm } from './comment-form'

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })
const when = (iso: string) => {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : timeFormat.format(date)
}

interface CommentThreadViewProps {
  ydoc: Y.Doc
  thread: CommentThread
  /** Null: the thread is shown without reply, resolve or reopen. */
  author: string | null
  /** A line above the messages saying what the thread is about, where the place does not say it. */
  about?: string
}

/** One thread: its messages (as text), a reply box, and resolve or reopen. */
export function CommentThreadView({ ydoc, thread, author, about }: CommentThreadViewProps) {
  const opener = thread.messages[0]?.author ?? 'someone'
  return (
    <article
      className={`comment-thread${thread.resolved ? ' comment-thread--resolved' : ''}`}
      aria-label={`Thread started by ${opener}${thread.resolved ? ' (resolved)' : ''}`}
    >
      {about ? <p className="comment-thread__about">{about}</p> : null}
      <ol className="comment-thread__messages">
        {thread.messages.map((message) => (
          <li key={message.id}>
            <p className="comment-thread__meta">
              <strong>{message.author}</strong> · <time dateTime={message.at}>{when(message.at)}</time>
            </p>
            <p className="comment-thread__text">{message.text}</p>
          </li>
        ))}
      </ol>
      {thread.resolved ? <p className="comment-thread__state">Resolved</p> : null}
      {author !== null && !thread.resolved ? (
        <CommentForm
          label="Reply"
          submitLabel="Send reply"
          onSubmit={(text) => reply(ydoc, thread.id, { author, text })}
        />
      ) : null}
      {author !== null ? (
        <button type="button" onClick={() => setResolved(ydoc, thread.id, !thread.resolved)}>
          {thread.resolved ? 'Reopen' : 'Resolve'}
        </button>
      ) : null}
    </article>
  )
}
