import { useMemo } from 'react'
import type { EditorExtensionProps } from '../app/extensions'
import { useOverlay } from '../run/use-overlay'
import { openCommentBadges } from './open-comment-badges'
import { useCommentThreads } from './use-comment-threads'

/**
 * Paints the open-comment badges on the diagram. It sits with the toolbar items because those are
 * always mounted, while a panel tab only while it is open; it shows nothing in the toolbar itself.
 */
export function CommentBadges({ ydoc, setOverlay }: EditorExtensionProps) {
  const threads = useCommentThreads(ydoc)
  const overlay = useMemo(() => openCommentBadges(threads), [threads])
  useOverlay(setOverlay, overlay)
  return null
}
