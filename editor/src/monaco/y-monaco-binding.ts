import { MonacoBinding } from 'y-monaco'
import type { Awareness } from 'y-protocols/awareness'
import type * as Y from 'yjs'
import type { monaco } from './monaco-setup'

export interface TextBinding {
  readonly text: Y.Text
  destroy(): void
}

/**
 * y-monaco's binding of an editor to a Y.Text, with the others' cursors from `awareness`, adjusted
 * where it falls short for us:
 * - a change typed here goes through `type` (which also writes the workflow) instead of y-monaco's
 *   own transaction on the text alone;
 * - cursors are redrawn right after the event that moved them: y-monaco redraws at once, which can
 *   fall in the middle of Monaco's own decoration update (Monaco then reports a recursive call and
 *   may leak decorations), and a peer's malformed selection stops only that drawing;
 * - destroying it removes its cursors and its selection listener, which y-monaco leaves behind.
 */
export function bindText(
  editor: monaco.editor.IStandaloneCodeEditor,
  text: Y.Text,
  awareness: Awareness,
  type: (edit: (text: Y.Text) => void) => void,
): TextBinding {
  const model = editor.getModel()!
  const listeners: monaco.IDisposable[] = []
  // The editor as y-monaco sees it: the same, but the selection listener it adds is kept to dispose.
  const seen = new Proxy(editor, {
    get(target, property) {
      if (property === 'onDidChangeCursorSelection') {
        return (listener: Parameters<typeof target.onDidChangeCursorSelection>[0]) => {
          const subscription = target.onDidChangeCursorSelection(listener)
          listeners.push(subscription)
          return subscription
        }
      }
      const value: unknown = Reflect.get(target, property)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
  const binding = new MonacoBinding(text, model, new Set([seen]), awareness)
  let destroyed = false

  binding._monacoChangeHandler.dispose()
  binding._monacoChangeHandler = model.onDidChangeContent((event) =>
    binding.mux(() =>
      type((target) => {
        const changes = [...event.changes].sort((a, b) => b.rangeOffset - a.rangeOffset)
        for (const change of changes) {
          target.delete(change.rangeOffset, change.rangeLength)
          target.insert(change.rangeOffset, change.text)
        }
      }),
    ),
  )

  const draw = binding._rerenderDecorations
  let queued = false
  const drawLater = () => {
    if (queued) return
    queued = true
    queueMicrotask(() => {
      queued = false
      if (destroyed || model.isDisposed()) return
      try {
        draw()
      } catch {
        // Presence is relayed as other tabs send it: a selection that is not a position in this
        // document is not drawn (y-monaco reads it unchecked).
      }
    })
  }
  awareness.off('change', draw)
  awareness.on('change', drawLater)
  binding._rerenderDecorations = drawLater

  return {
    text,
    destroy() {
      destroyed = true
      listeners.forEach((listener) => listener.dispose())
      if (!model.isDisposed()) {
        editor.deltaDecorations((binding._decorations.get(seen) as string[] | undefined) ?? [], [])
      }
      binding.destroy()
    },
  }
}
