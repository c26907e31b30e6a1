// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { useState } from 'react'
import { afterEach, describe, expect, it } from 'vitest'
import { mergeOverlays } from './overlay-layers'
import { matchRoute } from './router'
import { Tabs } from './tabs'

afterEach(cleanup)

describe('routes', () => {
  it('maps paths to pages', () => {
    expect(matchRoute('/')).toEqual({ page: 'gallery' })
    expect(matchRoute('/inbox/')).toEqual({ page: 'inbox' })
    expect(matchRoute('/workflows/order%20to%20cash')).toEqual({
      page: 'editor',
      workflowId: 'order to cash',
    })
    expect(matchRoute('/workflows/a/b')).toEqual({ page: 'not-found', path: '/workflows/a/b' })
  })
})

describe('overlays', () => {
  it('merge the layers: the latest status wins, every badge stays', () => {
    expect(
      mergeOverlays([
        { a: { status: 'visited', badges: ['12 runs'] } },
        { a: { status: 'active', badges: ['p90 4h'] }, b: {} },
      ]),
    ).toEqual({
      a: { status: 'active', badges: ['12 runs', 'p90 4h'] },
      b: { status: undefined, badges: [] },
    })
  })
})

function TabsHarness() {
  const [selected, setSelected] = useState('one')
  const tabs = ['one', 'two', 'three'].map((id) => ({
    id,
    title: `Tab ${id}`,
    render: () => <p>Panel {id}</p>,
  }))
  return <Tabs label="Details" tabs={tabs} selected={selected} onSelect={setSelected} />
}

describe('side panel tabs', () => {
  it('move with the arrow keys and show only the selected panel', () => {
    render(<TabsHarness />)
    const first = screen.getByRole('tab', { name: 'Tab one' })
    expect(first.getAttribute('aria-selected')).toBe('true')
    fireEvent.keyDown(first, { key: 'ArrowRight' })
    expect(screen.getByRole('tab', { name: 'Tab two' }).getAttribute('aria-selected')).toBe('true')
    expect(screen.getByRole('tabpanel').textContent).toBe('Panel two')
    fireEvent.keyDown(screen.getByRole('tab', { name: 'Tab two' }), { key: 'ArrowLeft' })
    fireEvent.keyDown(screen.getByRole('tab', { name: 'Tab one' }), { key: 'ArrowLeft' })
    expect(screen.getByRole('tab', { name: 'Tab three' }).getAttribute('aria-selected')).toBe('true')
  })
})
