import { commentLimits, commentsMap } from '@conveyor/shared'
import * as Y from 'yjs'

/** The origin of the server's corrections: no connection's, so they are never corrected again. */
const signedByServer = Symbol('comment authors')

/**
 * Comment messages carry their author's name, written by the client that adds them. So that no one
 * can sign a comment with another person's name, every message a connection adds (in a new thread,
 * a reply, or a thread's messages replaced) is checked once its update is applied, and one whose
 * author is not the connection's person is replaced, at the same place, by a copy naming that
 * person. The correction is an ordinary change made by the server, so every client, the sender
 * included, receives it and converges on the corrected message; stock clients need nothing new.
 * Messages are immutable values in a Y.Array, hence a replacement rather than an edit.
 */
export function signCommentsByConnection(
  doc: Y.Doc,
  personOf: (origin: unknown) => string | undefined,
): void {
  const comments = commentsMap(doc)
  comments.observeDeep((events, transaction) => {
    const person = personOf(transaction.origin)
    if (person === undefined) return
    const author = person.slice(0, commentLimits.author)
    const forged: Array<{ messages: Y.Array<unknown>; index: number }> = []
    for (const [messages, indexes] of addedMessages(comments, events)) {
      for (const index of indexes) if (isForged(messages.get(index), author)) forged.push({ messages, index })
    }
    if (forged.length === 0) return
    // Observers may change the document: this runs as a transaction of its own, right after.
    doc.transact(() => {
      for (const { messages, index } of forged) {
        const message = messages.get(index) as Record<string, unknown>
        messages.delete(index, 1)
        messages.insert(index, [{ ...message, author }])
      }
    }, signedByServer)
  })
}

/** The positions of the messages a transaction added, per thread. */
function addedMessages(
  comments: Y.Map<Y.Map<unknown>>,
  events: Array<Y.YEvent<Y.AbstractType<unknown>>>,
): Map<Y.Array<unknown>, Set<number>> {
  const added = new Map<Y.Array<unknown>, Set<number>>()
  const add = (messages: unknown, indexes: Iterable<number>) => {
    if (!(messages instanceof Y.Array)) return
    const known = added.get(messages) ?? new Set<number>()
    for (const index of indexes) known.add(index)
    added.set(messages, known)
  }
  const all = (messages: unknown) =>
    add(messages, messages instanceof Y.Array ? messages.toArray().keys() : [])
  for (const event of events) {
    const { target } = event
    if (event instanceof Y.YMapEvent && target === comments) {
      // New threads: their messages were created with them (nested changes have no event).
      for (const key of event.keysChanged) {
        const thread = comments.get(key)
        if (thread instanceof Y.Map) all(thread.get('messages'))
      }
    } else if (target instanceof Y.Map && target.parent === comments) {
      if ((event as Y.YMapEvent<unknown>).keysChanged.has('messages')) all(target.get('messages'))
    } else if (target instanceof Y.Array && target.parent?.parent === comments) {
      add(target, insertedPositions(event.delta))
    }
  }
  return added
}

/** Positions, in the array as it is now, of what a change inserted. */
function insertedPositions(delta: Array<{ insert?: unknown; retain?: number; delete?: number }>): number[] {
  const positions: number[] = []
  let index = 0
  for (const change of delta) {
    if (change.retain !== undefined) index += change.retain
    else if (Array.isArray(change.insert)) {
      for (let i = 0; i < change.insert.length; i++) positions.push(index + i)
      index += change.insert.length
    }
  }
  return positions
}

function isForged(message: unknown, author: string): boolean {
  return (
    typeof message === 'object' &&
    message !== null &&
    !Array.isArray(message) &&
    (message as { author?: unknown }).author !== author
  )
}
