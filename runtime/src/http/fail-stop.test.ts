import { afterEach, describe, expect, it } from 'vitest'
import { createHarness, jsonOf, type Harness } from './test-support/app-harness'
import { orderOverLimit } from './test-support/fixtures'
import { createApp } from '../app'
import { createConveyorService } from '../service'
import { catalogOf } from './examples-catalog'

let h: Harness | undefined
afterEach(async () => {
  await h?.close()
  h = undefined
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

const rows = (harness: Harness, table: string) =>
  (harness.service.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n

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
  it('answers 503 with the reason on /healthz and on every change, stores nothing more, and reads still work', async () => {
    const harness = await deployedHarness()
    const before = await jsonOf(await start(harness))
    const task = await openTask(harness, before.instance.id)

    injectWriteFault(harness)
    const failed = await start(harness)
    expect(failed.status).toBe(503)
    expect((await jsonOf(failed)).error).toMatchObject({
      code: 'unavailable',
      message: expect.stringMatching(/injected fault/),
    })
    const health = await harness.request('GET', '/healthz', { token: null })
    expect(health.status).toBe(503)
    expect(await jsonOf(health)).toMatchObject({ ok: false, reason: expect.stringMatching(/injected fault/) })

    // The store works again, but what is in memory may be ahead of it: nothing more is committed.
    harness.service.db.exec('DROP TRIGGER injected_fault')
    const events = rows(harness, 'events')
    const audit = rows(harness, 'audit')
    const refusals = [
      await start(harness),
      await harness.request('POST', `/api/tasks/${task.id}/complete`, { body: { data: { approved: true } } }),
      await harness.request('POST', `/api/instances/${before.instance.id}/cancel`, { body: {} }),
      await harness.request('POST', '/api/workflows', { body: { fromExample: 'invoice-intake' } }),
    ]
    expect(refusals.map((response) => response.status)).toEqual([503, 503, 503, 503])
    expect(() => harness.service.engine.restore(before.instance.id)).toThrow(/stopped running workflows/)
    await expect(
      harness.service.startInstance({ workflowId: 'order-to-cash', ...orderOverLimit }),
    ).rejects.toThrow(/stopped running workflows/)
    await new Promise((resolve) => setImmediate(resolve))
    expect(rows(harness, 'events')).toBe(events)
    expect(rows(harness, 'audit')).toBe(audit)

    const read = await harness.request('GET', `/api/instances/${before.instance.id}`)
    expect(read.status).toBe(200)
    expect((await jsonOf(read)).status).toBe('waiting')
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
