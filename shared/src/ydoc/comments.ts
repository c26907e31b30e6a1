import * as Y from 'yjs'

/**
 * Comment threads people leave on a node. They are collaboration data, not part of the workflow:
 * they live in the same Y.Doc as the diagram (so they travel over the same live connection) but in
 * their own top-level map, which the workflow conversion and the undo of diagram edits never read.
 * One Y.Map per thread and a Y.Array of messages, so two people opening threads or replying at the
 * same time both keep what they wrote.
 */
export interface CommentMessage {
  id: string
  author: string
  text: string
  /** ISO time the message was written. */
  at: string
}

export interface CommentThread {
  id: string
  nodeId: string
  /**
   * The node's name when the thread was opened: what the thread can still be shown under once the
   * node is deleted. Absent on threads written without it.
   */
  nodeLabel?: string
  resolved: boolean
  createdAt: string
  messages: CommentMessage[]
}

export const commentLimits = { text: 2000, author: 80, nodeLabel: 200 } as const

/** The transaction origin of comment edits: not the diagram's, so its undo never takes them back. */
export const commentsOrigin = Symbol('comments')

export class CommentError extends Error {
  override name = 'CommentError'
}

export function commentsMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap('comments')
}

/** Whether a transaction changed comments and nothing else, so readers of the workflow can skip it. */
export function changedOnlyComments(transaction: Y.Transaction): boolean {
  const comments: unknown = commentsMap(transaction.doc)
  const roots = [...transaction.changedParentTypes.keys()].filter((type) => type.parent === null)
  return roots.length > 0 && roots.every((type) => type === comments)
}

function checked(field: 'text' | 'author', value: string): string {
  const trimmed = typeof value === 'string' ? value.trim() : ''
  if (trimmed === '') throw new CommentError(`A comment's ${field} must not be empty`)
  const limit = commentLimits[field]
  if (trimmed.length > limit) {
    throw new CommentError(`A comment's ${field} is ${trimmed.length} characters; the limit is ${limit}`)
  }
  return trimmed
}

function freshId(doc: Y.Doc): string {
  return `${doc.clientID.toString(36)}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`
}

function message(doc: Y.Doc, author: string, text: string): CommentMessage {
  return {
    id: freshId(doc),
    author: checked('author', author),
    text: checked('text', text),
    at: new Date().toISOString(),
  }
}

function threadMap(doc: Y.Doc, threadId: string): Y.Map<unknown> {
  const thread = commentsMap(doc).get(threadId)
  if (!thread) throw new CommentError(`No comment thread "${threadId}"`)
  return thread
}

/** Opens a thread on `nodeId` with its first message; returns the new thread's id. */
export function addThread(
  doc: Y.Doc,
  input: { nodeId: string; nodeLabel?: string; author: string; text: string },
): string {
  if (typeof input.nodeId !== 'string' || input.nodeId.trim() === '') {
    throw new CommentError('A comment thread needs the id of the node it is about')
  }
  const first = message(doc, input.author, input.text)
  // Kept only to name the node after it is gone, so a long name is shortened rather than refused.
  const nodeLabel =
    typeof input.nodeLabel === 'string' ? input.nodeLabel.trim().slice(0, commentLimits.nodeLabel) : ''
  const id = freshId(doc)
  doc.transact(() => {
    const thread = new Y.Map<unknown>()
    thread.set('nodeId', input.nodeId)
    if (nodeLabel) thread.set('nodeLabel', nodeLabel)
    thread.set('resolved', false)
    thread.set('createdAt', first.at)
    thread.set('messages', Y.Array.from([first]))
    commentsMap(doc).set(id, thread)
  }, commentsOrigin)
  return id
}

export function reply(doc: Y.Doc, threadId: string, input: { author: string; text: string }): void {
  const next = message(doc, input.author, input.text)
  const messages = threadMap(doc, threadId).get('messages')
  if (!(messages instanceof Y.Array)) throw new CommentError(`Comment thread "${threadId}" has no messages`)
  doc.transact(() => messages.push([next]), commentsOrigin)
}

export function setResolved(doc: Y.Doc, threadId: string, resolved: boolean): void {
  const thread = threadMap(doc, threadId)
  doc.transact(() => thread.set('resolved', resolved), commentsOrigin)
}

function isMessage(value: unknown): value is CommentMessage {
  const entry = value as Partial<CommentMessage> | null
  return (
    typeof entry === 'object' &&
    entry !== null &&
    typeof entry.id === 'string' &&
    typeof entry.author === 'string' &&
    typeof entry.text === 'string' &&
    typeof entry.at === 'string'
  )
}

function readThread(id: string, thread: Y.Map<unknown>): CommentThread | null {
  const nodeId = thread.get('nodeId')
  const messages = thread.get('messages')
  if (typeof nodeId !== 'string' || !(messages instanceof Y.Array)) return null
  const nodeLabel = thread.get('nodeLabel')
  return {
    id,
    nodeId,
    ...(typeof nodeLabel === 'string' && nodeLabel !== '' ? { nodeLabel } : {}),
    resolved: thread.get('resolved') === true,
    createdAt: String(thread.get('createdAt') ?? ''),
    // Replies written at the same time land in one order on every replica; show them by time.
    messages: (messages.toArray() as unknown[])
      .filter(isMessage)
      .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)),
  }
}

/** Every thread as plain objects, oldest first (ties by id, so every replica lists them alike). */
export function threadsOf(doc: Y.Doc): CommentThread[] {
  const threads: CommentThread[] = []
  for (const [id, thread] of commentsMap(doc).entries()) {
    const plain = thread instanceof Y.Map ? readThread(id, thread) : null
    if (plain) threads.push(plain)
  }
  return threads.sort((a, b) =>
    a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1,
  )
}

export function threadsForNode(doc: Y.Doc, nodeId: string): CommentThread[] {
  return threadsOf(doc).filter((thread) => thread.nodeId === nodeId)
}

/** Threads whose node is no longer in the diagram (deleted, by anyone), in the same order. */
export function threadsOnRemovedNodes(threads: CommentThread[], nodeIds: Iterable<string>): CommentThread[] {
  const present = new Set(nodeIds)
  return threads.filter((thread) => !present.has(thread.nodeId))
}

/** How many unresolved threads each node has (nodes with none are left out). */
export function openThreadCounts(threads: CommentThread[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const thread of threads) {
    if (!thread.resolved) counts[thread.nodeId] = (counts[thread.nodeId] ?? 0) + 1
  }
  return counts
}
