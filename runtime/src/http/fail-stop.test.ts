import Database from 'better-sqlite3'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createHarness, jsonOf, type Harness } from './test-support/app-harness'
import { orderOverLimit } from './test-support/fixtures'
import { startFullServer, type FullServer } from './test-support/full-server'
import { createApp } from '../app'
import { createConveyorService } from '../service'
import { catalogOf } from './examples-catalog'

let h: Harness | undefined
let full: FullServer | undefined
afterEach(async () => {
  await h?.close()
  await full?.close()
  h = undefined
  full = undefined
})

async function deployedHarness(): Promise<Harness> {
  h = await createHarness()
  expect((await h.request('POST', '/api/workflows', { body: { fromExample: 'order-to-cash' } })).status).toBe(
    201,
  )
  expect((await h.request('POST', '/api/workflows/order-to-cash/deployments')).status).toBe(201)
  return h
}

const start = (harness: Harness) =>
  harness.request('POST', '/api/workflows/order-to-cash/instances', { body: orderOverLimit })

async function openTask(harness: Harness, instanceId: string) {
  const tasks = await jsonOf(await harness.request('GET', `/api/tasks?instanceId=${instanceId}`))
  return tasks.items[0] as { id: string }
}

/** Makes every later event insert fail inside SQLite, as a corrupt or read-only store would. */
function injectWriteFault(harness: Harness) {
  harness.service.db.exec(
    "CREATE TRIGGER injected_fault BEFORE INSERT ON events BEGIN SELECT RAISE(ABORT, 'injected fault'); END",
  )
}

describe('after a failed commit the runtime stops, totally and visibly', () => {
  it('answers 503 with the reason on /healthz and on every change over HTTP, stores nothing more, and reads still work', async () => {
    full = await startFullServer()
    const server = full
    const call = (method: string, path: string, body?: unknown) =>
      fetch(`${server.origin}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${server.adminToken}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
    const startOrder = () => call('POST', '/api/workflows/order-to-cash/instances', orderOverLimit)
    expect((await call('POST', '/api/workflows/order-to-cash/deployments')).status).toBe(201)
    const before = await jsonOf(await startOrder())
    const tasks = await jsonOf(await call('GET', `/api/tasks?instanceId=${before.instance.id}`))
    const task = tasks.items[0] as { id: string }

    // Another connection to the same database file makes every later event insert fail inside
    // SQLite, as a corrupt or read-only store would: the server's next commit fails for real.
    const store = new Database(join(server.dataDir, 'conveyor.db'))
    try {
      store.exec(
        "CREATE TRIGGER injected_fault BEFORE INSERT ON events BEGIN SELECT RAISE(ABORT, 'injected fault'); END",
      )
      const failed = await startOrder()
      expect(failed.status).toBe(503)
      expect((await jsonOf(failed)).error).toMatchObject({
        code: 'unavailable',
        message: expect.stringMatching(/injected fault/),
      })
      const health = await fetch(`${server.origin}/healthz`)
      expect(health.status).toBe(503)
      expect(await jsonOf(health)).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/injected fault/),
      })

      // The store works again, but what is in memory may be ahead of it: nothing more is committed.
      store.exec('DROP TRIGGER injected_fault')
      const count = (table: string) =>
        (store.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n
      const events = count('events')
      const audit = count('audit')
      const refusals = [
        await startOrder(),
        await call('POST', `/api/tasks/${task.id}/claim`, {}),
        await call('POST', `/api/tasks/${task.id}/complete`, { data: { approved: true } }),
        await call('POST', `/api/instances/${before.instance.id}/cancel`, {}),
        await call('POST', '/api/workflows', { fromExample: 'invoice-intake' }),
      ]
      for (const refusal of refusals) {
        expect(refusal.status).toBe(503)
        expect((await jsonOf(refusal)).error.message).toMatch(/stopped running workflows: .*injected fault/)
      }
      expect(count('events')).toBe(events)
      expect(count('audit')).toBe(audit)
      expect((await fetch(`${server.origin}/healthz`)).status).toBe(503)

      const read = await call('GET', `/api/instances/${before.instance.id}`)
      expect(read.status).toBe(200)
      expect((await jsonOf(read)).status).toBe('waiting')
    } finally {
      store.close()
    }
  })

  it('refuses restores, starts and task actions inside the service too, not only at the HTTP door', async () => {
    const harness = await deployedHarness()
    const before = await jsonOf(await start(harness))
    const task = await openTask(harness, before.instance.id)
    injectWriteFault(harness)
    expect((await start(harness)).status).toBe(503)
    harness.service.db.exec('DROP TRIGGER injected_fault')
    await expect(harness.service.engine.load(before.instance.id)).rejects.toThrow(/stopped running workflows/)
    await expect(
      harness.service.startInstance({ workflowId: 'order-to-cash', ...orderOverLimit }),
    ).rejects.toThrow(/stopped running workflows/)
    const editor = { name: 'editor', actor: 'user:editor', mayActForOthers: false }
    await expect(harness.service.claimTask(task.id, editor)).rejects.toThrow(/stopped running workflows/)
    await expect(harness.service.releaseTask(task.id, editor)).rejects.toThrow(/stopped running workflows/)
  })

  it('resumes from the last committed state after a restart on the same folder', async () => {
    const harness = await deployedHarness()
    const kept = await jsonOf(await start(harness))
    injectWriteFault(harness)
    expect((await start(harness)).status).toBe(503)
    harness.service.db.exec('DROP TRIGGER injected_fault')
    await harness.service.close()

    const service = await createConveyorService({ dataDir: harness.dataDir })
    try {
      const app = createApp({ service, examples: catalogOf() })
      expect((await app.request('/healthz')).status).toBe(200)
      expect((await service.getInstance(kept.instance.id)).status).toBe('waiting')
      const again = await service.startInstance({ workflowId: 'order-to-cash', ...orderOverLimit })
      expect(again.created).toBe(true)
    } finally {
      await service.close()
    }
  })

  it('stops the same way when the disk is full', async () => {
    const harness = await deployedHarness()
    const { page_count } = harness.service.db.prepare('PRAGMA page_count').get() as { page_count: number }
    // The database may not grow by another page: SQLite answers SQLITE_FULL, as on a full disk.
    harness.service.db.pragma(`max_page_count = ${page_count}`)
    let response = await start(harness)
    for (let attempt = 0; attempt < 200 && response.status === 201; attempt++) response = await start(harness)
    expect(response.status).toBe(503)
    const health = await jsonOf(await harness.request('GET', '/healthz', { token: null }))
    expect(health.reason).toMatch(/full/)
  })
})
