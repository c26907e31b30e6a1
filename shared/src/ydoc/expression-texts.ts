import * as Y from 'yjs'
import type { WorkflowYDoc } from './layout'

/**
 * Texts people edit together, character by character: expressions (decision conditions, connector
 * bodies, …), node names and descriptions, form field labels. The workflow keeps each as a plain
 * string inside its node's data (the validator, the compiler and the REST view read that); beside
 * it, in the top-level map `expressionTexts` (named after its first use), a Y.Text per field
 * someone has opened in the editor carries the typing, so two people typing in one field both keep
 * their characters.
 *
 * The two must say the same, and the data string is what counts: the text is the way people
 * change it together. Every writer changes both in one go, or brings the text in line itself:
 * - typing changes the text and the data string in one transaction (`editExpression`);
 * - a transaction that changed a text leaves the data string equal to it (after concurrent typing
 *   every client writes the same merged string; so does a client whose stale copy of a list of
 *   branches overwrote what someone typed meanwhile, once it receives that typing);
 * - a change this client made to the data alone (undo, the plain text area, loading) is copied
 *   into the text as a minimal edit, so the others' cursors stay where they are;
 * - a remote change to the data alone is left to the client that made it, which aligns the text
 *   (the runtime applies saves made through the API with `alignExpressionTexts`); a field opened
 *   while the two still differ takes the data string.
 */

/** A step inside a node's data: an object key, or the element of an array with that `id`. */
export type FieldStep = string | { id: string }

export interface ExpressionFieldRef {
  nodeId: string
  /** From the data's top-level key down to the field holding the string (an object key). */
  path: readonly FieldStep[]
}

/** The transaction origin of the follow-up writes that keep texts and data strings equal. */
export const expressionTextsOrigin = Symbol('expression texts kept in step')

export function expressionTextsMap(doc: Y.Doc): Y.Map<Y.Text> {
  return doc.getMap('expressionTexts')
}

export function expressionKey(field: ExpressionFieldRef): string {
  return JSON.stringify([field.nodeId, ...field.path])
}

function isStep(step: unknown): step is FieldStep {
  return (
    typeof step === 'string' ||
    (typeof step === 'object' && step !== null && typeof (step as { id?: unknown }).id === 'string')
  )
}

function fieldOfKey(key: string): ExpressionFieldRef | null {
  let parsed: unknown
  try {
    parsed = JSON.parse(key)
  } catch {
    return null
  }
  if (!Array.isArray(parsed) || parsed.length < 2 || typeof parsed[0] !== 'string') return null
  const path: unknown[] = parsed.slice(1)
  if (!path.every(isStep) || typeof path[0] !== 'string' || typeof path.at(-1) !== 'string') return null
  return { nodeId: parsed[0], path: path as FieldStep[] }
}

/** What the data holds for an expression typed as `text`: blank means the field is left out. */
export function storedExpression(text: string): string | undefined {
  return text.trim() === '' ? undefined : text
}

/**
 * What the data holds for the field typed as `text`. A name (`label`: of a node, a form field) is
 * never left out, so a name someone has emptied on the way to a new one stays an empty string
 * (the editor puts the old name back if they leave it empty); other fields left blank are left out.
 */
export function storedText(field: ExpressionFieldRef, text: string): string | undefined {
  return field.path.at(-1) === 'label' ? text : storedExpression(text)
}

type Json = Record<string, unknown> | unknown[]

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

function child(container: unknown, step: FieldStep): unknown {
  if (typeof step === 'string') return isObject(container) ? container[step] : undefined
  return Array.isArray(container)
    ? container.find((entry) => (entry as { id?: unknown } | null)?.id === step.id)
    : undefined
}

function dataOf(y: WorkflowYDoc, nodeId: string): Y.Map<unknown> | null {
  const data = y.nodes.get(nodeId)?.get('data')
  return data instanceof Y.Map ? data : null
}

/**
 * The field's string, `undefined` when it is left out, or `null` when its place is gone (the node,
 * an array element on the way, or the object holding it).
 */
export function readExpression(y: WorkflowYDoc, field: ExpressionFieldRef): string | undefined | null {
  const data = dataOf(y, field.nodeId)
  const [top, ...rest] = field.path
  if (!data || typeof top !== 'string') return null
  let value: unknown = data.get(top)
  if (rest.length > 0) {
    const holder = rest.slice(0, -1).reduce<unknown>(child, value)
    if (!isObject(holder)) return null
    value = holder[rest.at(-1) as string]
  }
  return typeof value === 'string' ? value : undefined
}

/** Sets the field's string (`undefined` leaves it out); call inside a transaction. */
function writeExpression(y: WorkflowYDoc, field: ExpressionFieldRef, value: string | undefined): void {
  const data = dataOf(y, field.nodeId)
  const [top, ...rest] = field.path as [string, ...FieldStep[]]
  if (!data) return
  if (rest.length === 0) {
    if (value === undefined) data.delete(top)
    else data.set(top, value)
    return
  }
  const root = JSON.parse(JSON.stringify(data.get(top) ?? null)) as Json | null
  const holder = rest.slice(0, -1).reduce<unknown>(child, root)
  if (!isObject(holder)) return
  const key = rest.at(-1) as string
  if (value === undefined) delete holder[key]
  else holder[key] = value
  data.set(top, root)
}

/** Entries of the map as another client wrote them: anything but a text is left alone. */
const isText = (value: unknown): value is Y.Text => value instanceof Y.Text

function inStep(field: ExpressionFieldRef, data: string | undefined, text: string): boolean {
  return data === storedText(field, text)
}

/** Makes `text` read `next` by deleting and inserting only what differs (cursors elsewhere stay). */
export function replaceText(text: Y.Text, next: string): void {
  const current = text.toString()
  if (current === next) return
  let start = 0
  const shortest = Math.min(current.length, next.length)
  while (start < shortest && current.charCodeAt(start) === next.charCodeAt(start)) start++
  let end = 0
  while (
    end < shortest - start &&
    current.charCodeAt(current.length - 1 - end) === next.charCodeAt(next.length - 1 - end)
  )
    end++
  // Never split a surrogate pair: Yjs would store half a character.
  if (start > 0 && isHighSurrogate(current.charCodeAt(start - 1))) start--
  if (end > 0 && isLowSurrogate(current.charCodeAt(current.length - end))) end--
  text.doc!.transact(() => {
    text.delete(start, current.length - end - start)
    text.insert(start, next.slice(start, next.length - end))
  })
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff

/**
 * The field's text, made from its data string the first time. Should the two differ (a writer that
 * changed the data alone), the data string is what counts: the text is brought in line. `null`
 * when the field's place is gone.
 */
export function expressionText(y: WorkflowYDoc, field: ExpressionFieldRef): Y.Text | null {
  const value = readExpression(y, field)
  if (value === null) return null
  const texts = expressionTextsMap(y.ydoc)
  const key = expressionKey(field)
  y.ydoc.transact(() => {
    const text: unknown = texts.get(key)
    // Anything but a text under the key (written by a faulty client) is replaced.
    if (!(text instanceof Y.Text)) texts.set(key, new Y.Text(value ?? ''))
    else if (!inStep(field, value, text.toString())) replaceText(text, value ?? '')
  }, expressionTextsOrigin)
  return texts.get(key) ?? null
}

/** Typing: `edit` changes the field's text and the data string follows, in one transaction. */
export function editExpression(
  y: WorkflowYDoc,
  field: ExpressionFieldRef,
  text: Y.Text,
  edit: (text: Y.Text) => void,
  origin: unknown,
): void {
  y.ydoc.transact(() => {
    edit(text)
    const current = readExpression(y, field)
    const next = storedText(field, text.toString())
    if (current !== null && current !== next) writeExpression(y, field, next)
  }, origin)
}

/**
 * Brings every text in line with its data string (minimal edits) and drops the texts whose field
 * is gone: for writers that change the data alone, such as a save through the API.
 */
export function alignExpressionTexts(y: WorkflowYDoc): void {
  const texts = expressionTextsMap(y.ydoc)
  y.ydoc.transact(() => {
    for (const [key, text] of [...texts.entries()]) {
      const field = fieldOfKey(key)
      const value = field && isText(text) ? readExpression(y, field) : null
      if (value === null) texts.delete(key)
      else if (!inStep(field!, value, text.toString())) replaceText(text, value ?? '')
    }
  })
}

/** Any shared type, as a transaction's change maps key them. */
type SharedType = Parameters<Y.Transaction['changed']['has']>[0]

/** The keys of `map` under which something changed in the transaction, however deep. */
function changedKeys(transaction: Y.Transaction, map: Y.Map<unknown>): Set<string> {
  const keys = new Set<string>()
  for (const key of transaction.changed.get(map as unknown as SharedType) ?? []) {
    if (typeof key === 'string') keys.add(key)
  }
  for (const type of transaction.changed.keys()) {
    for (let item = type._item; item;) {
      const parent = item.parent as SharedType | null
      if (parent === (map as unknown as SharedType)) {
        if (typeof item.parentSub === 'string') keys.add(item.parentSub)
        break
      }
      item = parent instanceof Y.AbstractType ? parent._item : null
    }
  }
  return keys
}

/**
 * Keeps every text and its data string equal after each transaction, as described at the top.
 * Only the texts of nodes the transaction touched are looked at. Returns the function that stops it.
 */
export function keepExpressionTextsInStep(y: WorkflowYDoc): () => void {
  const texts = expressionTextsMap(y.ydoc)
  const check = (transaction: Y.Transaction) => {
    if (transaction.origin === expressionTextsOrigin || texts.size === 0) return
    const typedKeys = changedKeys(transaction, texts as Y.Map<unknown>)
    const nodePrefixes = [...changedKeys(transaction, y.nodes as Y.Map<unknown>)].map(
      (id) => `${JSON.stringify([id]).slice(0, -1)},`,
    )
    if (typedKeys.size === 0 && nodePrefixes.length === 0) return
    const fixes: Array<() => void> = []
    for (const [key, text] of texts.entries()) {
      const typed = typedKeys.has(key)
      if (!isText(text) || (!typed && !nodePrefixes.some((prefix) => key.startsWith(prefix)))) continue
      const field = fieldOfKey(key)
      const value = field ? readExpression(y, field) : null
      if (value === null) {
        if (transaction.local && !typed) fixes.push(() => texts.delete(key))
        continue
      }
      if (inStep(field!, value, text.toString())) continue
      if (typed) fixes.push(() => writeExpression(y, field!, storedText(field!, text.toString())))
      else if (transaction.local) fixes.push(() => replaceText(text, value ?? ''))
    }
    if (fixes.length > 0) y.ydoc.transact(() => fixes.forEach((fix) => fix()), expressionTextsOrigin)
  }
  y.ydoc.on('afterTransaction', check)
  return () => y.ydoc.off('afterTransaction', check)
}
