import type { WorkflowDocument } from '@conveyor/shared'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { LiveConnection } from '../../editor/src/collab/live-connection'
import { apiOrigin } from '../../editor/src/api/api-origin'
import { WorkflowSession } from '../../editor/src/doc/workflow-session'
import { WorkflowStore } from '../../editor/src/doc/workflow-store'
import { Gate } from './gate'
import { addStep, eventually, labelsOf, liveOptions } from './live-tab'
import { RuntimeUnderTest } from './runtime-under-test'

/**
 * Ann's tabs are the editor's whole session (`WorkflowSession`: stored copy, saves by PUT, live
 * document) reaching the runtime through a gate that can refuse the live document or everything.
 * Bob edits live, straight to the runtime.
 */
let runtime: RuntimeUnderTest
let gate: Gate
let annToken: string
let bobToken: string
const sessions: WorkflowSession[] = []
const bobs: Array<{ store: WorkflowStore; live: LiveConnection }> = []

beforeAll(async () => {
  runtime = await RuntimeUnderTest.start()
  gate = await Gate.start(() => Number(new URL(runtime.origin).port))
  annToken = await runtime.tokenFor('ann', 'editor')
  bobToken = await runtime.tokenFor('bob', 'editor')
  // The page's requests carry its session cookie; Ann's carry her token.
  const fetchAsIs = globalThis.fetch
  vi.stubGlobal('fetch', (input: RequestInfo | URL, init: RequestInit = {}) => {
    const headers = new Headers(init.headers)
    if (!headers.has('authorization')) headers.set('authorization', `Bearer ${annToken}`)
    return fetchAsIs(input, { ...init, headers })
  })
  apiOrigin.value = gate.origin
})

afterEach(() => {
  for (const session of sessions.splice(0)) session.dispose()
  for (const bob of bobs.splice(0)) {
    bob.live.destroy()
    bob.store.y.ydoc.destroy()
  }
  gate.set('open')
})

afterAll(async () => {
  vi.unstubAllGlobals()
  await gate.close()
  await runtime.remove()
  expect(runtime.errors).toEqual([])
})

async function openAnnsTab(workflowId: string): Promise<WorkflowSession> {
  const session = await WorkflowSession.open(workflowId, liveOptions(`${gate.origin}/collab`, annToken))
  sessions.push(session)
  return session
}

/** A workflow with two steps, stored, and Bob editing it live. */
async function invoicesWithBob() {
  const workflowId = await runtime.createWorkflow('Invoices')
  const store = new WorkflowStore()
  const live = new LiveConnection(
    workflowId,
    store.y.ydoc,
    store.isOwnEdit,
    liveOptions(runtime.collabUrl, bobToken),
  )
  bobs.push({ store, live })
  expect(await live.whenSynced(15_000)).toBe(true)
  const receive = addStep(store, 'Receive invoice')
  const approve = addStep(store, 'Approve invoice')
  await eventually(async () =>
    expect(await storedLabels(workflowId)).toEqual(['Receive invoice', 'Approve invoice']),
  )
  return { workflowId, bob: store, receive, approve }
}

const relabel = (store: WorkflowStore, id: string, label: string) =>
  store.apply({ type: 'updateNodeData', id, patch: { label } })

const labelsIn = (document: WorkflowDocument) => document.nodes.map((node) => node.data.label)
const storedLabels = async (workflowId: string) =>
  labelsIn((await runtime.storedWorkflow(workflowId)).document)

describe('an editor tab that opened the stored workflow, against the runtime', () => {
  it('joins the live document later without reverting anyone: its unsaved edit and one made live meanwhile both stay', async () => {
    const { workflowId, bob, receive, approve } = await invoicesWithBob()
    gate.set('no-live')
    const ann = await openAnnsTab(workflowId)
    expect(ann.live?.getState().status).toBe('connecting')
    expect(labelsOf(ann.store)).toEqual(['Receive invoice', 'Approve invoice'])

    // Ann's saves cannot get through either: her edit is still unsaved when she joins.
    gate.set('down')
    relabel(bob, approve, 'Approve invoice (Bob)')
    await eventually(async () => expect(await storedLabels(workflowId)).toContain('Approve invoice (Bob)'))
    relabel(ann.store, receive, 'Receive invoice (Ann)')
    await eventually(() => expect(ann.getState().saveState).toBe('error'))

    gate.set('open')
    const both = ['Receive invoice (Ann)', 'Approve invoice (Bob)']
    await eventually(() => expect(labelsOf(ann.store)).toEqual(both))
    await eventually(() => expect(labelsOf(bob)).toEqual(both))
    await eventually(async () => expect(await storedLabels(workflowId)).toEqual(both))
    expect(ann.live?.getState().status).toBe('connected')
    expect(ann.getState().saveState).toBe('saved')

    // From now on her tab edits the live document itself.
    relabel(ann.store, approve, 'Approve invoice (Ann and Bob)')
    await eventually(() =>
      expect(labelsOf(bob)).toEqual(['Receive invoice (Ann)', 'Approve invoice (Ann and Bob)']),
    )
  })

  it('saves by PUT without reverting what was saved or edited live since the revision it opened', async () => {
    const { workflowId, bob, receive, approve } = await invoicesWithBob()
    gate.set('no-live')
    const first = await openAnnsTab(workflowId)
    const second = await openAnnsTab(workflowId)
    const opened = (await runtime.storedWorkflow(workflowId)).revision

    relabel(first.store, receive, 'Receive invoice (tab 1)')
    await first.flush()
    relabel(second.store, approve, 'Approve invoice (tab 2)')
    await second.flush()

    const both = ['Receive invoice (tab 1)', 'Approve invoice (tab 2)']
    expect(await storedLabels(workflowId)).toEqual(both)
    expect((await runtime.storedWorkflow(workflowId)).revision).toBeGreaterThan(opened + 1)
    expect([first, second].map((tab) => tab.getState().saveState)).toEqual(['saved', 'saved'])
    // The second tab took the first one's save in; Bob, live, has both.
    expect(labelsOf(second.store)).toEqual(both)
    await eventually(() => expect(labelsOf(bob)).toEqual(both))

    relabel(bob, approve, 'Approve invoice (Bob)')
    await eventually(async () => expect(await storedLabels(workflowId)).toContain('Approve invoice (Bob)'))
    relabel(first.store, receive, 'Receive invoice (tab 1, again)')
    await first.flush()
    const all = ['Receive invoice (tab 1, again)', 'Approve invoice (Bob)']
    expect(await storedLabels(workflowId)).toEqual(all)
    await eventually(() => expect(labelsOf(bob)).toEqual(all))
  })

  it('saves by PUT while its live connection is down without reverting what others did meanwhile, and rejoins', async () => {
    const { workflowId, bob, receive, approve } = await invoicesWithBob()
    const ann = await openAnnsTab(workflowId)
    expect(ann.live?.getState().status).toBe('connected')

    gate.set('no-live')
    await eventually(() => expect(ann.live?.getState().status).toBe('reconnecting'))
    relabel(bob, approve, 'Approve invoice (Bob)')
    await eventually(async () => expect(await storedLabels(workflowId)).toContain('Approve invoice (Bob)'))
    relabel(ann.store, receive, 'Receive invoice (Ann)')
    await ann.flush()

    const both = ['Receive invoice (Ann)', 'Approve invoice (Bob)']
    expect(ann.getState().saveState).toBe('saved')
    expect(await storedLabels(workflowId)).toEqual(both)
    await eventually(() => expect(labelsOf(bob)).toEqual(both))

    gate.set('open')
    await eventually(() => expect(ann.live?.getState().status).toBe('connected'))
    expect(labelsOf(ann.store)).toEqual(both)
    relabel(bob, receive, 'Receive invoice (Bob)')
    await eventually(() =>
      expect(labelsOf(ann.store)).toEqual(['Receive invoice (Bob)', 'Approve invoice (Bob)']),
    )
    expect(await storedLabels(workflowId)).toEqual(['Receive invoice (Bob)', 'Approve invoice (Bob)'])
  })
})
