// @vitest-environment jsdom
import type { WorkflowDocument } from '@conveyor/shared'
import { beforeEach, describe, expect, it } from 'vitest'
import { serveStandInRuntime } from './stand-in-runtime'
import { WorkflowSession } from './workflow-session'

/** Whoever the test signs in (`null`: the runtime cannot say, as when it is unreachable). */
let signedIn: { name: string; role: string } | null = null
const { saves } = serveStandInRuntime(() => signedIn)

beforeEach(() => {
  saves.length = 0
  localStorage.clear()
})

/** Every kind of edit a missed button or shortcut could make. */
function tryEverything(session: WorkflowSession, document: WorkflowDocument): void {
  const [first, second] = document.nodes
  session.store.apply({ type: 'updateMeta', patch: { name: 'Renamed by a viewer' } })
  session.store.apply({ type: 'moveNodes', positions: { [first!.id]: { x: 999, y: 999 } } })
  session.store.apply({ type: 'updateNodeData', id: first!.id, patch: { label: 'Typed by a viewer' } })
  session.store.apply({ type: 'deleteElements', nodeIds: [second!.id], edgeIds: [] })
  session.store.apply({ type: 'addLane', lane: { id: 'viewers', name: 'Viewers', kind: 'team' } })
  session.store.undo()
  session.store.redo()
}

describe('a workflow opened by a viewer', () => {
  it('is view only, and its document refuses every local edit, so nothing is saved either', async () => {
    signedIn = { name: 'Vera Viewer', role: 'viewer' }
    const session = await WorkflowSession.open('order-to-cash')
    const before = session.document()
    expect(session.readOnly).toBe(true)

    tryEverything(session, before)

    expect(session.document()).toBe(before)
    expect(session.store.getHistory()).toEqual({ canUndo: false, canRedo: false })
    expect(session.getState().saveState).toBe('saved')
    await session.flush()
    expect(saves).toEqual([])
    session.dispose()
  })

  it('stays view only when the runtime cannot be asked later (offline), as it last said', async () => {
    signedIn = { name: 'Vera Viewer', role: 'viewer' }
    ;(await WorkflowSession.open('order-to-cash')).dispose()
    signedIn = null
    const session = await WorkflowSession.open('order-to-cash')
    expect(session.readOnly).toBe(true)
    session.dispose()
  })
})

describe('a workflow opened by an editor', () => {
  it('takes their edits', async () => {
    signedIn = { name: 'Ed Editor', role: 'editor' }
    const session = await WorkflowSession.open('order-to-cash')
    expect(session.readOnly).toBe(false)
    tryEverything(session, session.document())
    expect(session.document().name).toBe('Renamed by a viewer')
    expect(session.document().nodes[0]!.data.label).toBe('Typed by a viewer')
    session.dispose()
  })

  it('is editable again once the runtime says the role changed from viewer', async () => {
    signedIn = { name: 'Vera Viewer', role: 'viewer' }
    ;(await WorkflowSession.open('order-to-cash')).dispose()
    signedIn = { name: 'Vera Viewer', role: 'editor' }
    const session = await WorkflowSession.open('order-to-cash')
    expect(session.readOnly).toBe(false)
    session.dispose()
  })
})

describe('a workflow opened where nobody can say who is signed in', () => {
  it('is editable: there is no runtime to refuse the edits, and offline editing must keep working', async () => {
    signedIn = null
    const session = await WorkflowSession.open('order-to-cash')
    expect(session.readOnly).toBe(false)
    session.store.apply({ type: 'updateMeta', patch: { name: 'Edited offline' } })
    expect(session.document().name).toBe('Edited offline')
    session.dispose()
  })
})
