import type { ExpressionFieldRef } from '@conveyor/shared/ydoc/expression-texts'
import { afterEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { exampleDocument } from '../doc/test-documents'
import { typingStepMs, WorkflowStore } from '../doc/workflow-store'
import { SharedExpressions } from './shared-expressions'

const limitCondition: ExpressionFieldRef = {
  nodeId: 'credit-check',
  path: ['branches', { id: 'within-limit' }, 'condition'],
}

/** Two tabs whose Y.Docs exchange updates, as the collaboration socket carries them. */
function twoTabs() {
  const tabs = [new WorkflowStore(), new WorkflowStore()] as const
  const socket = { name: 'collaboration socket' }
  for (const [from, to] of [tabs, [tabs[1], tabs[0]]] as const) {
    from.y.ydoc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== socket) Y.applyUpdate(to.y.ydoc, update, socket)
    })
  }
  tabs[0].load(exampleDocument('order-to-cash'))
  return tabs.map((store) => {
    const shared = new SharedExpressions(store)
    shared.start()
    const text = shared.textOf(limitCondition)!
    const type = (at: number, characters: string) =>
      shared.type(limitCondition, text, (target) => target.insert(at, characters))
    return { store, type }
  })
}

function conditionOf(store: WorkflowStore): string | undefined {
  const node = store.getSnapshot().nodes.find((entry) => entry.id === 'credit-check')
  if (node?.type !== 'decision') throw new Error('credit-check is not a decision')
  return node.data.branches.find((branch) => branch.id === 'within-limit')?.condition
}

afterEach(() => vi.useRealTimers())

describe('typing an expression together', () => {
  it('makes a burst of keystrokes one undo step, and a pause starts the next', () => {
    vi.useFakeTimers()
    const [ann] = twoTabs()
    for (const [index, character] of [...' * 2'].entries()) ann!.type(21 + index, character)
    expect(conditionOf(ann!.store)).toBe('amount <= creditLimit * 2')
    vi.advanceTimersByTime(typingStepMs)
    ann!.type(0, '(')
    expect(ann!.store.undoManager.undoStack).toHaveLength(2)

    ann!.store.undo()
    expect(conditionOf(ann!.store)).toBe('amount <= creditLimit * 2')
    ann!.store.undo()
    expect(conditionOf(ann!.store)).toBe('amount <= creditLimit')
    ann!.store.redo()
    expect(conditionOf(ann!.store)).toBe('amount <= creditLimit * 2')
  })

  it('undoes this person’s typing and keeps what the other typed meanwhile', () => {
    const [ann, bob] = twoTabs()
    ann!.type(0, 'vip or ')
    bob!.type(28, ' * 2')
    expect(conditionOf(ann!.store)).toBe('vip or amount <= creditLimit * 2')

    ann!.store.undo()
    for (const tab of [ann!, bob!]) expect(conditionOf(tab.store)).toBe('amount <= creditLimit * 2')
    expect(bob!.store.undoManager.canUndo()).toBe(true)
    expect(ann!.store.undoManager.canUndo()).toBe(false)
  })

  it('counts typing as this tab’s own edit, so it is saved and shown as pending while offline', () => {
    const [ann] = twoTabs()
    const origins: unknown[] = []
    ann!.store.onChange((origin) => origins.push(origin))
    ann!.type(0, 'x')
    expect(origins.filter(ann!.store.isOwnEdit)).toHaveLength(1)
  })
})
