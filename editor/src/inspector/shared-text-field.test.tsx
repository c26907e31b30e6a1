// @vitest-environment jsdom
import { cleanup, fireEvent, render, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { exampleDocument } from '../doc/test-documents'
import { typingStepMs, WorkflowStore } from '../doc/workflow-store'
import { ExpressionCollaborationProvider } from '../monaco/expression-collaboration'
import { NodeInspector } from './node-inspector'
import { mapIndex } from './text-binding'

afterEach(() => {
  cleanup()
  vi.useRealTimers()
})

const nodeId = 'review-credit'

/** Two tabs whose Y.Docs exchange updates at once, as the collaboration socket carries them. */
function twoTabs() {
  const stores = [new WorkflowStore(), new WorkflowStore()] as const
  const socket = { name: 'collaboration socket' }
  for (const [from, to] of [stores, [stores[1], stores[0]]] as const) {
    from.y.ydoc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== socket) Y.applyUpdate(to.y.ydoc, update, socket)
    })
  }
  stores[0].load(exampleDocument('order-to-cash'))
  return stores.map(openInspector)
}

function openInspector(store: WorkflowStore) {
  const node = () => store.getSnapshot().nodes.find((entry) => entry.id === nodeId)!
  const { container } = render(
    <ExpressionCollaborationProvider store={store} presence={undefined}>
      <NodeInspector workflowId="test-workflow" node={node()} document={store.getSnapshot()} store={store} />
    </ExpressionCollaborationProvider>,
  )
  const field = (name: string) => within(container).getByRole('textbox', { name }) as HTMLInputElement
  /** Types `characters` at `at` as a browser does: the input's value changes, then `input` fires. */
  const type = (name: string, at: number, characters: string) => {
    const input = field(name)
    input.focus()
    const value = input.value
    fireEvent.input(input, { target: { value: value.slice(0, at) + characters + value.slice(at) } })
    input.setSelectionRange(at + characters.length, at + characters.length)
  }
  const press = (name: string, key: string, modifiers: { shiftKey?: boolean } = {}) =>
    fireEvent.keyDown(field(name), { key, ctrlKey: true, ...modifiers })
  return { store, node, field, type, press }
}

/** The next keystroke starts a new undo step. */
const pause = () => vi.advanceTimersByTime(typingStepMs + 1)

// Rendering two inspectors takes seconds on a busy machine.
describe('a node name typed by two people at once', { timeout: 30_000 }, () => {
  it('keeps both people’s characters, in both tabs and in the workflow', () => {
    const [ann, bob] = twoTabs()
    ann!.type('Name', 0, 'Urgent: ')
    bob!.type('Name', 'Urgent: Review credit'.length, ' today')
    for (const tab of [ann!, bob!]) {
      expect(tab.node().data.label).toBe('Urgent: Review credit today')
      expect(tab.field('Name').value).toBe('Urgent: Review credit today')
    }
  })

  it('keeps the caret after the same characters when someone types before it', () => {
    const [ann, bob] = twoTabs()
    ann!.type('Name', 'Review'.length, ' the')
    const caret = ann!.field('Name').selectionStart
    bob!.type('Name', 0, 'Now: ')
    expect(ann!.field('Name').value).toBe('Now: Review the credit')
    expect(ann!.field('Name').selectionStart).toBe(caret! + 'Now: '.length)
  })
})

describe('undo in a text field', { timeout: 30_000 }, () => {
  it('takes back this person’s typing in that field only', () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const [ann, bob] = twoTabs()
    ann!.type('Name', 'Review credit'.length, ' limit')
    pause()
    ann!.type('Description', 0, 'Checked by hand. ')
    bob!.type('Name', 0, 'Bob: ')
    pause()
    ann!.press('Name', 'z')
    expect(ann!.node().data.label).toBe('Bob: Review credit')
    expect(ann!.node().data.description).toMatch(/^Checked by hand\. /)
    expect(bob!.field('Name').value).toBe('Bob: Review credit')
    ann!.press('Name', 'z', { shiftKey: true })
    expect(bob!.node().data.label).toBe('Bob: Review credit limit')
  })

  it('after the toolbar’s undo and redo, Ctrl+Z in the field never mixes old and new text', () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const [ann] = twoTabs()
    const name = ann!.field('Name')
    fireEvent.input(name, { target: { value: 'Check order' } })
    pause()
    ann!.store.undo()
    expect(name.value).toBe('Review credit')
    ann!.store.redo()
    expect(name.value).toBe('Check order')
    // The field's history started again at the toolbar's redo: nothing of it is left to take back.
    ann!.press('Name', 'z')
    expect(name.value).toBe('Check order')
    expect(ann!.node().data.label).toBe('Check order')
    ann!.type('Name', 'Check order'.length, ' now')
    pause()
    ann!.press('Name', 'z')
    expect(name.value).toBe('Check order')
  })

  it('leaves the diagram’s undo to undo the rename as one step', () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const [ann] = twoTabs()
    ann!.type('Name', 0, 'A')
    ann!.type('Name', 1, 'B')
    ann!.store.undo()
    expect(ann!.node().data.label).toBe('Review credit')
  })

  it('puts the name back when it is left empty: a node needs a name', () => {
    const [ann, bob] = twoTabs()
    const name = ann!.field('Name')
    name.focus()
    fireEvent.input(name, { target: { value: '' } })
    expect(bob!.node().data.label).toBe('')
    fireEvent.blur(name)
    expect(bob!.node().data.label).toBe('Review credit')
    expect(name.value).toBe('Review credit')
  })
})

describe('where a caret goes when the text changes', () => {
  it('moves after text inserted before it, stays before text inserted at it, back over deletions', () => {
    expect(mapIndex(5, [{ insert: 'abc' }])).toBe(8)
    expect(mapIndex(5, [{ retain: 5 }, { insert: 'abc' }])).toBe(5)
    expect(mapIndex(5, [{ retain: 2 }, { delete: 2 }])).toBe(3)
    expect(mapIndex(5, [{ retain: 4 }, { delete: 3 }])).toBe(4)
    expect(mapIndex(5, [{ retain: 6 }, { delete: 3 }])).toBe(5)
  })
})
