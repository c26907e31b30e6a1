// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { openNodeInspector } from '../../inspector/open-node-inspector'

afterEach(cleanup)

describe('the form of a decision', () => {
  it('adds a branch to a decision and makes it the default', () => {
    const { dataOf, rerender } = openNodeInspector('credit-check')
    fireEvent.click(screen.getByRole('button', { name: 'Add branch' }))
    rerender()
    const added = dataOf('decision').branches.at(-1)!
    fireEvent.change(screen.getByRole('combobox', { name: /Default branch/ }), {
      target: { value: added.id },
    })
    expect(dataOf('decision').defaultBranch).toBe(added.id)
  })

  it('renaming a branch renames its edge; removing it removes the edge, in one undo step', () => {
    const { store, rerender } = openNodeInspector('credit-check')
    const edge = () => store.getSnapshot().edges.find((entry) => entry.id === 'e-credit-over')
    const name = screen.getByRole('textbox', { name: 'Name of branch 3' })
    fireEvent.change(name, { target: { value: 'Above the limit' } })
    fireEvent.blur(name)
    expect(edge()?.data?.label).toBe('Above the limit')
    rerender()
    const before = store.getSnapshot()
    fireEvent.click(screen.getByRole('button', { name: 'Remove branch Above the limit' }))
    expect(edge()).toBeUndefined()
    act(() => store.undo())
    expect(store.getSnapshot()).toEqual(before)
  })
})
