import { useEffect } from 'react'

/** The inspector's Name field of a node, once the inspector shows that node. */
function nameFieldOf(nodeId: string): HTMLElement | undefined {
  const inspector = document.querySelector(`.side-panel .inspector[data-node-id="${CSS.escape(nodeId)}"]`)
  const label = [...(inspector?.querySelectorAll('label') ?? [])].find(
    (entry) => entry.textContent?.trim() === 'Name',
  )
  const field = label?.htmlFor ? document.getElementById(label.htmlFor) : null
  return field ?? undefined
}

/** Selects all of a field's text, so what is typed next replaces it. */
function selectAllOf(field: HTMLElement): void {
  if (field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement) return field.select()
  const range = document.createRange()
  range.selectNodeContents(field)
  window.getSelection()?.removeAllRanges()
  window.getSelection()?.addRange(range)
}

/**
 * Puts the keyboard in a node's Name field with its default name selected, so typing names the
 * node just added. Tries after each render until the inspector shows the node, then calls `done`.
 */
export function useFocusNameField(nodeId: string | undefined, done: () => void): void {
  useEffect(() => {
    if (!nodeId) return
    const field = nameFieldOf(nodeId)
    if (!field) return
    field.focus()
    selectAllOf(field)
    done()
  })
}
