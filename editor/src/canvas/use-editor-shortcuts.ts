import { useEffect, useRef } from 'react'
import type { EditorCommands } from './editor-commands'

/** Text fields, and editors like Monaco that may type into a plain element (marked `nokey`). */
const typingIn = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable ||
    ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) ||
    target.closest('.nokey') !== null)

const inCode = (target: EventTarget | null) => target instanceof Element && target.closest('.nokey') !== null

/** Where diagram shortcuts (delete, copy, paste, select all) apply: the canvas, or nothing focused. */
const onDiagram = (target: EventTarget | null) =>
  target === document.body || (target instanceof Element && target.closest('.canvas') !== null)

type Shortcut = 'undo' | 'redo' | 'delete' | 'copy' | 'paste' | 'selectAll' | 'connectTo'

/** The shortcuts that change the diagram: in view-only mode their keys are left alone. */
const edits: ReadonlySet<Shortcut> = new Set(['undo', 'redo', 'delete', 'paste', 'connectTo'])

function shortcutOf(event: KeyboardEvent): Shortcut | undefined {
  const mod = event.ctrlKey || event.metaKey
  const key = event.key.toLowerCase()
  if (mod && key === 'z' && !event.shiftKey) return 'undo'
  if (mod && (key === 'y' || key === 'z')) return 'redo'
  if (mod && key === 'k') return 'connectTo'
  if (!onDiagram(event.target)) return undefined
  if (event.key === 'Delete' || event.key === 'Backspace') return 'delete'
  if (mod && key === 'c') return 'copy'
  if (mod && key === 'v') return 'paste'
  if (mod && key === 'a') return 'selectAll'
  return undefined
}

/**
 * Keyboard shortcuts for the editor page. Undo and redo work anywhere except while typing (where
 * the field's own undo applies), "Connect to…" (Ctrl+K) anywhere but in code; the rest only on
 * the diagram, so copying text elsewhere still works.
 */
export function useEditorShortcuts(commands: EditorCommands, selectAll: () => void, readOnly = false): void {
  const latest = useRef({ commands, selectAll, readOnly })
  latest.current = { commands, selectAll, readOnly }
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return
      const shortcut = shortcutOf(event)
      // Connecting by name works from a text field too (the name of a node just added), not from code.
      const fromField = shortcut === 'connectTo' && !inCode(event.target)
      if (typingIn(event.target) && !fromField) return
      const { commands, selectAll, readOnly } = latest.current
      if (!shortcut || (readOnly && edits.has(shortcut))) return
      event.preventDefault()
      const run: Record<Shortcut, () => void> = {
        undo: commands.undo,
        redo: commands.redo,
        delete: commands.deleteSelection,
        copy: commands.copy,
        paste: commands.paste,
        selectAll,
        connectTo: () => commands.openConnectTo(),
      }
      run[shortcut]()
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [])
}
