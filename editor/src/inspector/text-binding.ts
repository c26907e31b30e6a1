import { replaceText } from '@conveyor/shared/ydoc/expression-texts'
import type * as Y from 'yjs'

export type TextInput = HTMLInputElement | HTMLTextAreaElement

export interface TextBindingOptions {
  /** Applies `edit` to the text as this person's typing (the data string follows). */
  type: (edit: (text: Y.Text) => void) => void
  /** The field's own history: Ctrl+Z / Ctrl+Y in the field use it, never the browser's. */
  undoManager: Y.UndoManager
}

/**
 * Where an index of the text moves once `delta` is applied: after what was inserted before it,
 * back by what was deleted before it. Text inserted right at it goes after it, so a caret stays
 * where the person left it while someone else types next to it.
 */
export function mapIndex(index: number, delta: Y.YTextEvent['delta']): number {
  let at = 0
  let shift = 0
  for (const op of delta) {
    if (at >= index) break
    if (typeof op.insert === 'string') shift += op.insert.length
    else if (op.retain !== undefined) at += op.retain
    else if (op.delete !== undefined) {
      shift -= Math.min(op.delete, index - at)
      at += op.delete
    }
  }
  return index + shift
}

type Shortcut = 'undo' | 'redo'

function shortcutOf(event: KeyboardEvent): Shortcut | undefined {
  if (!(event.ctrlKey || event.metaKey) || event.altKey) return undefined
  const key = event.key.toLowerCase()
  if (key === 'z') return event.shiftKey ? 'redo' : 'undo'
  if (key === 'y') return 'redo'
  return undefined
}

/**
 * Binds a plain text input to a shared text: each change of the input is written to the text as
 * the minimal edit that makes it (so others' characters elsewhere stay), the others' typing shows
 * as it arrives with the caret kept where the person left it, and undo and redo in the field
 * (keys, or the browser's menu) go to the field's own history. The browser's undo would replay its
 * own record of the input, which knows nothing of the values written from outside and mixes old
 * and new text. Returns the function that unbinds.
 */
export function bindInputToText(input: TextInput, text: Y.Text, options: TextBindingOptions): () => void {
  const { type, undoManager } = options
  input.value = text.toString()
  const onInput = () => {
    if (input.value !== text.toString()) type((target) => replaceText(target, input.value))
  }
  const run = (shortcut: Shortcut) => (shortcut === 'undo' ? undoManager.undo() : undoManager.redo())
  const onKeyDown = (event: KeyboardEvent) => {
    const shortcut = shortcutOf(event)
    if (!shortcut) return
    event.preventDefault()
    run(shortcut)
  }
  const onBeforeInput = (event: InputEvent) => {
    if (event.inputType !== 'historyUndo' && event.inputType !== 'historyRedo') return
    event.preventDefault()
    run(event.inputType === 'historyUndo' ? 'undo' : 'redo')
  }
  const onText = (event: Y.YTextEvent) => {
    const next = text.toString()
    if (input.value === next) return
    const start = mapIndex(input.selectionStart ?? 0, event.delta)
    const end = mapIndex(input.selectionEnd ?? 0, event.delta)
    input.value = next
    input.setSelectionRange(start, end)
  }
  // Listened to as an element: the union of input and text area has no typed event overloads.
  const element: HTMLElement = input
  element.addEventListener('input', onInput)
  element.addEventListener('keydown', onKeyDown)
  element.addEventListener('beforeinput', onBeforeInput)
  text.observe(onText)
  return () => {
    element.removeEventListener('input', onInput)
    element.removeEventListener('keydown', onKeyDown)
    element.removeEventListener('beforeinput', onBeforeInput)
    text.unobserve(onText)
  }
}
