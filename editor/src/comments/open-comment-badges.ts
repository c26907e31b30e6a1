import { openThreadCounts, type CommentThread } from '@conveyor/shared'
import type { NodeOverlay } from '../app/extensions'

export const openCommentsLabel = (count: number) =>
  count === 1 ? '1 open comment' : `${count} open comments`

/** A badge on each node with unresolved threads, saying how many. */
export function openCommentBadges(threads: CommentThread[]): NodeOverlay {
  const overlay: NodeOverlay = {}
  for (const [nodeId, count] of Object.entries(openThreadCounts(threads))) {
    overlay[nodeId] = { badges: [openCommentsLabel(count)] }
  }
  return overlay
}
