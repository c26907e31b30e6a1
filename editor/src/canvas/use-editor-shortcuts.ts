import { useEffect, useRef } from 'react'
import type { EditorCommands } from './editor-commands'

/** Text fields, and editors like Monaco that may type into a plain element (marked `nokey`). */
const typingIn = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable ||
    ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) ||
    target.closest('.nokey') !== null)

/** Where diagram shortcuts (delete, copy, paste, select all) apply: the canvas, or nothing focused. */
const onDiagram = (target: EventTarget | null) =>
  target === document.body || (target instanceof Element && target.closest('.canvas') !== null)

/**
 * Keyboard shortcuts for the editor page. Undo and redo work anywhere except while typing (where
 * the field's own undo applies); the rest only on the diagram, so copying text elsewhere still works.
 */
export function useEditorShortcuts(commands: EditorCommands, selectAll: () => void): void {
  const latest = useRef({ commands, selectAll })
  latest.current = { commands, selectAll }
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || typingIn(event.target)) return
      const { commands, selectAll } = latest.current
      const mod = event.ctrlKey || event.metaKey
      const key = event.key.toLowerCase()
      let handled = true
      if (mod && key === 'z' && !event.shiftKey) commands.undo()
      else if (mod && (key === 'y' || key === 'z')) commands.redo()
      else if (!onDiagram(event.target)) handled = false
      else if (event.key === 'Delete' || event.key === 'Backspace') commands.deleteSelection()
      else if (mod && key === 'c') commands.copy()
      else if (mod && key === 'v') commands.paste()
      else if (mod && key === 'a') selectAll()
      else handled = false
      if (handled) event.preventDefault()
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [])
}
