import { describe, expect, it } from 'vitest'
import { createActor, waitFor } from 'xstate'
import { sessionMachine, type SessionEffects } from './session-machine'
import { WorkflowStore } from './workflow-store'

/** The machine with effects that record what was asked of them, and a connection set by the test. */
function startSession() {
  const asked: string[] = []
  const connection = { live: false }
  let landSave: () => void = () => {}
  const effects: SessionEffects = {
    joined: () => asked.push('joined'),
    keepBaseOfLiveDocument: () => asked.push('keep base'),
    resumeUnsaved: () => asked.push('resume unsaved'),
    saveUnderWay: () => new Promise<void>((resolve) => (landSave = resolve)),
    isLive: () => connection.live,
    mergeIntoLive: () => asked.push('merge copy'),
    resumeSaving: () => asked.push('resume saving'),
    close: () => asked.push('close'),
  }
  const liveStore = new WorkflowStore()
  const actor = createActor(sessionMachine, { input: { effects, liveStore } }).start()
  const connected = (live: boolean) => {
    connection.live = live
    actor.send({ type: live ? 'LIVE_CONNECTED' : 'LIVE_LOST' })
  }
  const landed = async () => {
    landSave()
    await waitFor(actor, (snapshot) => !snapshot.matches('joining'))
  }
  return { actor, asked, liveStore, connected, landed }
}

describe('an open workflow’s session', () => {
  it('saves by PUT from the revision the live document matched once the connection drops, and stops on rejoining', () => {
    const { actor, asked, connected } = startSession()
    connected(true)
    expect(actor.getSnapshot().value).toBe('live')
    connected(false)
    expect(actor.getSnapshot().value).toBe('offline')
    connected(true)
    expect(asked).toEqual(['joined', 'keep base', 'joined'])
  })

  it('hands a stored copy over to the live store only once the save under way has landed', async () => {
    const { actor, asked, liveStore, connected, landed } = startSession()
    const copy = new WorkflowStore()
    actor.send({ type: 'EDIT_STORED_COPY', copy })
    expect(actor.getSnapshot().context.store).toBe(copy)

    connected(true)
    expect(actor.getSnapshot().value).toBe('joining')
    expect(asked).toEqual([])
    await landed()

    expect(actor.getSnapshot().value).toBe('live')
    expect(actor.getSnapshot().context.store).toBe(liveStore)
    expect(asked).toEqual(['merge copy', 'joined'])
  })

  it('keeps editing the stored copy when the connection dropped again while its save landed', async () => {
    const { actor, asked, connected, landed } = startSession()
    const copy = new WorkflowStore()
    actor.send({ type: 'EDIT_STORED_COPY', copy })
    connected(true)
    connected(false)
    await landed()

    expect(actor.getSnapshot().value).toBe('storedCopy')
    expect(actor.getSnapshot().context.store).toBe(copy)
    expect(asked).toEqual(['resume saving'])
  })

  it('shows a viewer the stored copy for good, and ignores the connection after closing', () => {
    const { actor, asked, connected } = startSession()
    actor.send({ type: 'VIEW_STORED_COPY' })
    connected(true)
    expect(actor.getSnapshot().value).toBe('viewOnly')

    actor.send({ type: 'DISPOSE' })
    expect(actor.getSnapshot().status).toBe('done')
    expect(asked).toEqual(['close'])
  })

  it('decides what opening shows only while connecting: joined first, the live document wins', () => {
    const { actor, asked, connected } = startSession()
    connected(true)
    actor.send({ type: 'RESUME_UNSAVED' })
    actor.send({ type: 'EDIT_STORED_COPY', copy: new WorkflowStore() })
    expect(actor.getSnapshot().value).toBe('live')
    expect(asked).toEqual(['joined'])
  })
})
