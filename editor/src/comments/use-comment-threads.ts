import { commentsMap, threadsOf, type CommentThread } from '@conveyor/shared'
import { useEffect, useState } from 'react'
import type * as Y from 'yjs'

/** Every comment thread of the document, re-read whenever anyone (here or elsewhere) changes one. */
export function useCommentThreads(ydoc: Y.Doc): CommentThread[] {
  const [threads, setThreads] = useState(() => threadsOf(ydoc))
  useEffect(() => {
    const map = commentsMap(ydoc)
    const update = () => setThreads(threadsOf(ydoc))
    update()
    map.observeDeep(update)
    return () => map.unobserveDeep(update)
  }, [ydoc])
  return threads
}
