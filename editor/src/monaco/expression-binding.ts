import {
  expressionKey,
  expressionTextsMap,
  type ExpressionFieldRef,
} from '@conveyor/shared/ydoc/expression-texts'
import { MonacoBinding } from 'y-monaco'
import type { Awareness } from 'y-protocols/awareness'
import type * as Y from 'yjs'
import type { ExpressionCollaboration } from './expression-collaboration'
import { monaco } from './monaco-setup'
import './remote-cursors.css'

/**
 * Binds a Monaco editor to the field's shared text: what others type appears as they type it,
 * their cursors and selections are drawn (y-monaco, through the presence's awareness), and
 * Ctrl+Z / Ctrl+Y go to the diagram's undo, which takes back only this person's typing (Monaco's
 * own undo does not know about the others' edits). Returns the function that unbinds.
 */
export function bindSharedExpression(
  editor: monaco.editor.IStandaloneCodeEditor,
  { expressions, presence }: ExpressionCollaboration,
  field: ExpressionFieldRef,
): () => void {
  const model = editor.getModel()!
  const texts = expressionTextsMap(expressions.store.y.ydoc)
  const key = expressionKey(field)
  let binding: MonacoBinding | null = null
  const unbind = () => {
    if (!binding) return
    // y-monaco leaves its cursors drawn when destroyed.
    editor.deltaDecorations((binding._decorations.get(editor) as string[] | undefined) ?? [], [])
    binding.destroy()
    binding = null
  }

  const bind = () => {
    unbind()
    const text = expressions.textOf(field)
    if (!text) return
    const next = new MonacoBinding(text, model, new Set([editor]), presence.awareness)
    drawCursorsLater(next, presence.awareness)
    // y-monaco writes a change to the text alone; here the data string changes with it, in the
    // same transaction, as this person's own (undoable) edit.
    next._monacoChangeHandler.dispose()
    next._monacoChangeHandler = model.onDidChangeContent((event) =>
      next.mux(() =>
        expressions.type(field, text, (target) => {
          const changes = [...event.changes].sort((a, b) => b.rangeOffset - a.rangeOffset)
          for (const change of changes) {
            target.delete(change.rangeOffset, change.rangeLength)
            target.insert(change.rangeOffset, change.text)
          }
        }),
      ),
    )
    binding = next
  }
  // Two people opening a field for the first time at once each make its text; one of them is
  // kept, and the editor holding the other moves over to it.
  const onTexts = (event: Y.YMapEvent<Y.Text>) => {
    if (event.keysChanged.has(key) && texts.get(key) !== binding?.ytext) bind()
  }
  bind()
  texts.observe(onTexts)
  const { KeyMod, KeyCode } = monaco
  const actions = [
    editor.addAction({
      id: 'conveyor.undo',
      label: 'Undo',
      keybindings: [KeyMod.CtrlCmd | KeyCode.KeyZ],
      run: () => expressions.store.undo(),
    }),
    editor.addAction({
      id: 'conveyor.redo',
      label: 'Redo',
      keybindings: [KeyMod.CtrlCmd | KeyCode.KeyY, KeyMod.CtrlCmd | KeyMod.Shift | KeyCode.KeyZ],
      run: () => expressions.store.redo(),
    }),
  ]
  return () => {
    texts.unobserve(onTexts)
    actions.forEach((action) => action.dispose())
    unbind()
    presence.awareness.setLocalStateField('selection', null)
  }
}

/**
 * y-monaco redraws the others' cursors as soon as the text or the awareness changes, which can
 * happen while Monaco itself is updating decorations (it then reports a recursive call and may
 * leak them). Redrawing once, right after the current event, draws the same.
 */
function drawCursorsLater(binding: MonacoBinding, awareness: Awareness): void {
  const draw = binding._rerenderDecorations
  const destroy = binding.destroy.bind(binding)
  let queued = false
  let destroyed = false
  const later = () => {
    if (queued) return
    queued = true
    queueMicrotask(() => {
      queued = false
      if (destroyed || binding.monacoModel.isDisposed()) return
      try {
        draw()
      } catch {
        // Presence is relayed as other tabs send it: a selection that is not a position in this
        // document is not drawn (y-monaco reads it unchecked).
      }
    })
  }
  binding.destroy = () => {
    destroyed = true
    destroy()
  }
  awareness.off('change', draw)
  awareness.on('change', later)
  binding._rerenderDecorations = later
}
