// @vitest-environment jsdom
import { mapOnlyDocument } from '@conveyor/shared/testing/map-only-document'
import { validateDocument, type Diagnostic } from '@conveyor/shared/validator/index'
import { ReactFlowProvider } from '@xyflow/react'
import { cleanup, fireEvent, render, renderHook, screen, within } from '@testing-library/react'
import type { ReactNode } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { EditorCommands } from '../canvas/editor-commands'
import { LaneLabels } from '../canvas/lane-labels'
import { emptySelection, selectOnly, type Selection } from '../canvas/selection'
import { useEditorShortcuts } from '../canvas/use-editor-shortcuts'
import { laneLayout } from '../doc/lane-bands'
import { serveStandInRuntime } from '../doc/stand-in-runtime'
import { exampleDocument } from '../doc/test-documents'
import { WorkflowSession } from '../doc/workflow-session'
import { WorkflowStore } from '../doc/workflow-store'
import { Inspector } from '../inspector/inspector'
import { EditorToolbar } from './editor-toolbar'
import { registerToolbarItem } from './extensions'
import { ReadOnlyContext } from './read-only'

/** Who is signed in, as the stand-in runtime answers it. */
let role = 'viewer'
serveStandInRuntime(() => ({ name: 'Vera', role }))
afterEach(cleanup)

const viewOnly = (readOnly: boolean) =>
  function Wrapper({ children }: { children: ReactNode }) {
    return <ReadOnlyContext.Provider value={readOnly}>{children}</ReadOnlyContext.Provider>
  }

function commandsRecording(): EditorCommands & { calls: string[] } {
  const calls: string[] = []
  const record = (name: string) => () => void calls.push(name)
  return {
    calls,
    addNode: record('addNode'),
    addStepAfter: record('addStepAfter'),
    connectSelectedTo: record('connectSelectedTo'),
    connect: record('connect'),
    connectingFrom: undefined,
    openConnectTo: record('openConnectTo'),
    closeConnectTo: record('closeConnectTo'),
    deleteSelection: record('deleteSelection'),
    copy: record('copy'),
    paste: record('paste'),
    undo: record('undo'),
    redo: record('redo'),
    autoLayout: async () => void calls.push('autoLayout'),
    fitView: record('fitView'),
    focusNode: record('focusNode'),
    focusEdge: record('focusEdge'),
    notice: undefined,
    clearNotice: record('clearNotice'),
  }
}

describe('the inspector in view-only mode', () => {
  const store = new WorkflowStore()
  store.load(exampleDocument('order-to-cash'))
  const document = store.getSnapshot()
  const edge = document.edges.find((entry) => !entry.sourceHandle)!
  const selections: Array<[string, Selection]> = [
    ['the workflow', emptySelection],
    ['a step', selectOnly(['review-credit'])],
    ['an edge', selectOnly([], [edge.id])],
    ['several elements', selectOnly(['review-credit'], [edge.id])],
  ]

  it.each(selections)('shows %s with every field and button locked', (_, selection) => {
    const { container } = render(
      <Inspector workflowId="test-workflow" store={store} document={document} selection={selection} />,
      {
        wrapper: viewOnly(true),
      },
    )
    const controls = container.querySelectorAll<HTMLButtonElement>('input, select, textarea, button')
    expect(controls.length).toBeGreaterThan(0)
    for (const control of controls) expect(control.matches(':disabled'), control.outerHTML).toBe(true)
  })

  it('still shows the values', () => {
    render(
      <Inspector workflowId="test-workflow" store={store} document={document} selection={emptySelection} />,
      {
        wrapper: viewOnly(true),
      },
    )
    expect(screen.getByRole('textbox', { name: 'Workflow name' })).toHaveProperty('value', document.name)
  })

  it('leaves the same forms editable for editors', () => {
    render(
      <Inspector
        workflowId="test-workflow"
        store={store}
        document={document}
        selection={selectOnly(['review-credit'])}
      />,
      {
        wrapper: viewOnly(false),
      },
    )
    expect(screen.getByRole('textbox', { name: 'Name' })).toHaveProperty('disabled', false)
    expect(screen.getByRole('button', { name: /^Delete / })).toHaveProperty('disabled', false)
  })
})

describe('the toolbar in view-only mode', () => {
  registerToolbarItem({ id: 'test-deploy', editorsOnly: true, Component: () => <button>Test deploy</button> })
  registerToolbarItem({ id: 'test-inbox', Component: () => <a href="/inbox">Test inbox</a> })

  async function renderToolbar(as: string, diagnostics: Diagnostic[] = []) {
    role = as
    const session = await WorkflowSession.open('order-to-cash')
    const commands = commandsRecording()
    render(
      <ReadOnlyContext.Provider value={session.readOnly}>
        <EditorToolbar
          session={session}
          document={session.document()}
          diagnostics={diagnostics}
          commands={commands}
          extensionProps={() => ({
            workflowId: 'order-to-cash',
            doc: session.document(),
            ydoc: session.store.y.ydoc,
            selectedNodeIds: new Set(),
            setOverlay: () => {},
            focusNode: () => {},
            storeChanges: () => Promise.resolve(),
          })}
        />
      </ReadOnlyContext.Provider>,
    )
    return { session, commands, toolbar: screen.getByRole('toolbar', { name: 'Workflow tools' }) }
  }

  it('offers a viewer only what looks: fit, search and the items that change nothing', async () => {
    const { session, commands, toolbar } = await renderToolbar('viewer')
    for (const name of ['Undo', 'Redo', 'Auto-layout', 'Add lane', 'Test deploy'])
      expect(within(toolbar).queryByRole('button', { name })).toBeNull()
    expect(within(toolbar).queryByText('All changes saved')).toBeNull()
    expect(within(toolbar).getByRole('searchbox', { name: 'Find a node by name' })).toBeTruthy()
    expect(within(toolbar).getByRole('link', { name: 'Test inbox' })).toBeTruthy()
    fireEvent.click(within(toolbar).getByRole('button', { name: 'Fit view' }))
    expect(commands.calls).toEqual(['fitView'])
    session.dispose()
  })

  it('says, to viewers too, whether the map is complete and what is left to set up', async () => {
    const { diagnostics } = validateDocument(mapOnlyDocument())
    const { session, toolbar } = await renderToolbar('viewer', diagnostics)
    const readiness = within(toolbar).getByRole('status', { name: 'Readiness' })
    expect(readiness.textContent).toBe('Map complete · 3 things to set up')
    expect(readiness.getAttribute('title')).toBe('Map complete · 3 things to set up before it can run')
    session.dispose()
  })

  it('offers an editor every tool', async () => {
    const { session, toolbar } = await renderToolbar('editor')
    for (const name of ['Undo', 'Redo', 'Auto-layout', 'Add lane', 'Fit view', 'Test deploy'])
      expect(within(toolbar).getByRole('button', { name })).toBeTruthy()
    session.dispose()
  })
})

describe('keyboard shortcuts in view-only mode', () => {
  const press = (key: string, ctrlKey = false) => fireEvent.keyDown(document.body, { key, ctrlKey })

  it('leave the keys that would change the diagram alone, but still select all', () => {
    const commands = commandsRecording()
    const selectAll = vi.fn()
    renderHook(() => useEditorShortcuts(commands, selectAll, true))
    for (const [key, ctrl] of [
      ['Delete'],
      ['Backspace'],
      ['z', true],
      ['y', true],
      ['v', true],
      ['k', true],
    ] as const)
      expect(press(key, ctrl), `${key} is left to the browser`).toBe(true)
    press('a', true)
    expect(commands.calls).toEqual([])
    expect(selectAll).toHaveBeenCalledTimes(1)
  })

  it('edit the diagram for editors', () => {
    const commands = commandsRecording()
    renderHook(() => useEditorShortcuts(commands, () => {}, false))
    press('Delete')
    press('z', true)
    press('v', true)
    press('k', true)
    expect(commands.calls).toEqual(['deleteSelection', 'undo', 'paste', 'openConnectTo'])
  })

  it('open "Connect to…" from a text field too, but not from code', () => {
    const commands = commandsRecording()
    renderHook(() => useEditorShortcuts(commands, () => {}, false))
    const field = document.body.appendChild(document.createElement('input'))
    const code = document.body.appendChild(document.createElement('div'))
    code.className = 'nokey'
    fireEvent.keyDown(field, { key: 'k', ctrlKey: true })
    fireEvent.keyDown(field, { key: 'z', ctrlKey: true })
    fireEvent.keyDown(code, { key: 'k', ctrlKey: true })
    expect(commands.calls).toEqual(['openConnectTo'])
    field.remove()
    code.remove()
  })
})

describe('lane names on the canvas in view-only mode', () => {
  const { lanes } = exampleDocument('order-to-cash')
  const { bands } = laneLayout(exampleDocument('order-to-cash'))

  it('are shown as text, with no way to rename them', () => {
    expect(lanes.length).toBeGreaterThan(0)
    render(
      <ReactFlowProvider>
        <LaneLabels lanes={lanes} bands={bands} />
      </ReactFlowProvider>,
      { wrapper: viewOnly(true) },
    )
    expect(screen.getByText(lanes[0]!.name)).toBeTruthy()
    expect(screen.queryByRole('button')).toBeNull()
  })

  it('can be renamed by editors', () => {
    render(
      <ReactFlowProvider>
        <LaneLabels lanes={lanes} bands={bands} />
      </ReactFlowProvider>,
      { wrapper: viewOnly(false) },
    )
    expect(
      screen.getByRole('button', { name: `Lane ${lanes[0]!.name} ${lanes[0]!.kind}, rename` }),
    ).toBeTruthy()
  })
})
