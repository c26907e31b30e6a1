import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { encodeAwarenessUpdate, type Awareness } from 'y-protocols/awareness'
import { messageYjsSyncStep1, messageYjsSyncStep2, messageYjsUpdate, writeSyncStep1 } from 'y-protocols/sync'
import * as Y from 'yjs'

/**
 * The y-websocket wire format: every message starts with a varUint message type. Sync messages
 * carry a y-protocols sync message, awareness messages a varUint8Array awareness update.
 */
const messageSync = 0
const messageAwareness = 1
const messageQueryAwareness = 3

export type IncomingMessage =
  | { kind: 'sync-step-1'; stateVector: Uint8Array }
  /** Sync step 2 and incremental updates are applied the same way. */
  | { kind: 'update'; update: Uint8Array }
  | { kind: 'awareness'; update: Uint8Array }
  | { kind: 'query-awareness' }

/** A message that does not follow the protocol; the sender is disconnected, nothing is applied. */
export class MalformedMessageError extends Error {
  override name = 'MalformedMessageError'
}

/**
 * Decodes and fully validates one client message before anything is applied: Yjs integrates the
 * structs of a truncated update before it notices the missing delete set, so an update is parsed
 * completely (`Y.decodeUpdate`) first and a broken one never reaches the shared document.
 */
export function decodeMessage(bytes: Uint8Array): IncomingMessage {
  try {
    const decoder = decoding.createDecoder(bytes)
    const messageType = decoding.readVarUint(decoder)
    const message = readMessageBody(decoder, messageType)
    if (decoding.hasContent(decoder)) throw new MalformedMessageError('unexpected bytes after the message')
    return message
  } catch (error) {
    if (error instanceof MalformedMessageError) throw error
    throw new MalformedMessageError(
      `unreadable message (${error instanceof Error ? error.message : String(error)})`,
    )
  }
}

function readMessageBody(decoder: decoding.Decoder, messageType: number): IncomingMessage {
  switch (messageType) {
    case messageSync: {
      const syncType = decoding.readVarUint(decoder)
      const payload = readBytes(decoder)
      if (syncType === messageYjsSyncStep1) {
        Y.decodeStateVector(payload)
        return { kind: 'sync-step-1', stateVector: payload }
      }
      if (syncType === messageYjsSyncStep2 || syncType === messageYjsUpdate) {
        Y.decodeUpdate(payload)
        return { kind: 'update', update: payload }
      }
      throw new MalformedMessageError(`unknown sync message type ${syncType}`)
    }
    case messageAwareness: {
      const update = readBytes(decoder)
      validateAwarenessUpdate(update)
      return { kind: 'awareness', update }
    }
    case messageQueryAwareness:
      return { kind: 'query-awareness' }
    default:
      throw new MalformedMessageError(`unknown message type ${messageType}`)
  }
}

/** A length-prefixed byte array that must lie entirely inside the message. */
function readBytes(decoder: decoding.Decoder): Uint8Array {
  const length = decoding.readVarUint(decoder)
  if (length > decoder.arr.length - decoder.pos) throw new MalformedMessageError('message is truncated')
  return decoding.readUint8Array(decoder, length)
}

/** Mirrors `applyAwarenessUpdate`'s reading so that a broken update is refused as a whole. */
function validateAwarenessUpdate(update: Uint8Array): void {
  const decoder = decoding.createDecoder(update)
  const count = decoding.readVarUint(decoder)
  for (let i = 0; i < count; i++) {
    decoding.readVarUint(decoder) // client id
    decoding.readVarUint(decoder) // clock
    const state = readBytes(decoder)
    JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(state))
  }
  if (decoding.hasContent(decoder))
    throw new MalformedMessageError('unexpected bytes after the awareness update')
}

export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, messageSync)
  writeSyncStep1(encoder, doc)
  return encoding.toUint8Array(encoder)
}

/** The answer to a client's sync step 1: everything the server has that the client lacks. */
export function encodeSyncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, messageSync)
  encoding.writeVarUint(encoder, messageYjsSyncStep2)
  encoding.writeVarUint8Array(encoder, Y.encodeStateAsUpdate(doc, stateVector))
  return encoding.toUint8Array(encoder)
}

export function encodeUpdate(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, messageSync)
  encoding.writeVarUint(encoder, messageYjsUpdate)
  encoding.writeVarUint8Array(encoder, update)
  return encoding.toUint8Array(encoder)
}

export function encodeAwareness(awareness: Awareness, clientIds: number[]): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, messageAwareness)
  encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(awareness, clientIds))
  return encoding.toUint8Array(encoder)
}
