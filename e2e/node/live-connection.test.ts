import { addThread, threadsOf } from '@conveyor/shared'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { LiveConnection } from '../../editor/src/collab/live-connection'
import { WorkflowStore } from '../../editor/src/doc/workflow-store'
import { addStep as addStepTo, eventually, labelsOf, liveOptions } from './live-tab'
import { RuntimeUnderTest } from './runtime-under-test'

/** An editor tab without the page: the editor's own store and connection, signed in by token. */
interface Tab {
  store: WorkflowStore
  live: LiveConnection
}

let runtime: RuntimeUnderTest
const tabs: Tab[] = []

function open(workflowId: string, token: string | undefined): Tab {
  const store = new WorkflowStore()
  const options = liveOptions(runtime.collabUrl, token)
  const tab = { store, live: new LiveConnection(workflowId, store.y.ydoc, store.isOwnEdit, options) }
  tabs.push(tab)
  return tab
}

const addStep = (tab: Tab, label: string) => addStepTo(tab.store, label)
const labels = (tab: Tab) => labelsOf(tab.store)

beforeAll(async () => {
  runtime = await RuntimeUnderTest.start()
})

afterEach(() => {
  for (const tab of tabs.splice(0)) {
    tab.live.destroy()
    tab.store.y.ydoc.destroy()
  }
})

afterAll(async () => {
  await runtime.remove()
  expect(runtime.errors).toEqual([])
})

describe('the editor’s live connection, against the runtime', () => {
  it('connects, syncs and sends edits as they are made', async () => {
    const workflowId = await runtime.createWorkflow('Expense claims')
    const ann = open(workflowId, await runtime.tokenFor('ann', 'editor'))
    expect(ann.live.getState()).toEqual({ status: 'connecting', pendingEdits: 0 })
    expect(await ann.live.whenSynced(15_000)).toBe(true)
    expect(ann.live.getState()).toEqual({ status: 'connected', pendingEdits: 0 })
    // The runtime seeded the live document from the stored workflow.
    expect(ann.store.getSnapshot().name).toBe('Expense claims')

    const bob = open(workflowId, await runtime.tokenFor('bob', 'editor'))
    expect(await bob.live.whenSynced(15_000)).toBe(true)
    addStep(ann, 'Check receipt')
    await eventually(() => expect(labels(bob)).toContain('Check receipt'))
    expect(ann.live.getState().pendingEdits).toBe(0)
  })

  it('counts what waits while the runtime is down, diagram edits and comments alike, and sends it on its return', async () => {
    const workflowId = await runtime.createWorkflow('Purchase orders')
    const ann = open(workflowId, await runtime.tokenFor('ann', 'editor'))
    const bob = open(workflowId, await runtime.tokenFor('bob', 'editor'))
    expect(await ann.live.whenSynced(15_000)).toBe(true)
    expect(await bob.live.whenSynced(15_000)).toBe(true)

    await runtime.stop()
    await eventually(() => expect(ann.live.getState().status).toBe('reconnecting'))
    const stepId = addStep(ann, 'Approve order') // two edits: add, then rename
    addThread(ann.store.y.ydoc, { nodeId: stepId, author: 'ann', text: 'Who approves above 10k?' })
    expect(ann.live.getState()).toEqual({ status: 'reconnecting', pendingEdits: 3 })
    expect(labels(bob)).not.toContain('Approve order')

    await runtime.restart()
    await eventually(() => expect(ann.live.getState()).toEqual({ status: 'connected', pendingEdits: 0 }))
    await eventually(() => expect(labels(bob)).toContain('Approve order'))
    await eventually(() =>
      expect(threadsOf(bob.store.y.ydoc).map((thread) => [thread.nodeId, thread.messages[0]?.text])).toEqual([
        [stepId, 'Who approves above 10k?'],
      ]),
    )
    // Ann's edits can reach Bob, relayed, a moment before his own sync with the runtime completes.
    await eventually(() => expect(bob.live.getState()).toEqual({ status: 'connected', pendingEdits: 0 }))
  })

  it('gives up with the runtime’s reason when the token does not open the workflow', async () => {
    const workflowId = await runtime.createWorkflow('Onboarding')
    const refused = [open(workflowId, 'not-a-token-anyone-was-given'), open(workflowId, undefined)]
    for (const tab of refused) expect(await tab.live.whenSynced(15_000)).toBe(false)
    expect(refused.map((tab) => tab.live.getState())).toEqual([
      { status: 'unavailable', pendingEdits: 0, reason: 'no access to this workflow' },
      { status: 'unavailable', pendingEdits: 0, reason: 'sign in first' },
    ])
  })
})
