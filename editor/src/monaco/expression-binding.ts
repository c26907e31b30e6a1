import {
  expressionKey,
  expressionTextsMap,
  type ExpressionFieldRef,
} from '@conveyor/shared/ydoc/expression-texts'
import type * as Y from 'yjs'
import type { ExpressionCollaboration } from './expression-collaboration'
import { monaco } from './monaco-setup'
import './remote-cursors.css'
import { bindText, type TextBinding } from './y-monaco-binding'

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
  const texts = expressionTextsMap(expressions.store.y.ydoc)
  const key = expressionKey(field)
  let binding: TextBinding | null = null
  const bind = () => {
    binding?.destroy()
    binding = null
    const text = expressions.textOf(field)
    if (!text) return
    binding = bindText(editor, text, presence.awareness, (edit) => expressions.type(field, text, edit))
  }
  // Two people opening a field for the first time at once each make its text; one of them is
  // kept, and the editor holding the other moves over to it.
  const onTexts = (event: Y.YMapEvent<Y.Text>) => {
    if (event.keysChanged.has(key) && texts.get(key) !== binding?.text) bind()
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
    binding?.destroy()
    presence.awareness.setLocalStateField('selection', null)
  }
}
