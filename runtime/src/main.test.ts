import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { WebSocket } from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { jsonOf } from './http/test-support/app-harness'
import {
  runServerProcess as run,
  waitForOutput,
  waitForUrl,
  type Started,
} from './http/test-support/server-process'
import { createConveyorService } from './service'

async function stop(started: Started): Promise<number | null> {
  started.child.kill('SIGTERM')
  return started.exited
}

let dataDir: string

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'conveyor-main-'))
})
afterAll(() => rm(dataDir, { recursive: true, force: true }))

describe('the runtime process (pnpm start)', () => {
  it('on first start prints a sign-in link once, serves health and the examples, and stops cleanly on SIGTERM', async () => {
    const first = run({ CONVEYOR_DATA: dataDir })
    const url = await waitForUrl(first)
    await waitForOutput(first, /\?token=\S+\n/)
    const links = first.output().match(/\?token=(\S+)/g) ?? []
    expect(links).toHaveLength(1)
    const token = links[0]!.slice('?token='.length)

    expect(await (await fetch(`${url}healthz`)).json()).toMatchObject({
      ok: true,
      replica: { partitions: 64 },
    })
    const auth = { authorization: `Bearer ${token}` }
    const examples = await jsonOf(await fetch(`${url}api/examples`, { headers: auth }))
    expect(examples.items.map((example: { slug: string }) => example.slug)).toContain('order-to-cash')
    const workflows = await jsonOf(await fetch(`${url}api/workflows`, { headers: auth }))
    expect(workflows.items).toHaveLength(examples.items.length)
    expect((await fetch(`${url}api/workflows`)).status).toBe(401)

    // Live co-editing shares the port; an editor still connected does not hold up the shutdown.
    const socket = new WebSocket(`${url.replace('http', 'ws')}collab/order-to-cash?token=${token}`)
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject))
    const socketClosed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)))

    expect(await stop(first)).toBe(0)
    expect(await socketClosed).toBe(1001)
    expect(first.output()).toMatch(/SIGTERM received/)
    // The secret is shown once and never logged again, not even with the requests that carried it.
    expect((first.output() + first.errors()).split(token)).toHaveLength(2)

    const second = run({ CONVEYOR_DATA: dataDir })
    const again = await waitForUrl(second)
    expect(second.output()).not.toMatch(/\?token=/)
    const stillThere = await jsonOf(await fetch(`${again}api/workflows`, { headers: auth }))
    expect(stillThere.items).toHaveLength(examples.items.length)
    expect(await stop(second)).toBe(0)
  })

  it('refuses to listen beyond loopback without an admin token, and says what to set', async () => {
    const fresh = await mkdtemp(join(tmpdir(), 'conveyor-open-'))
    const open = run({ CONVEYOR_DATA: fresh, HOST: '0.0.0.0' })
    expect(await open.exited).toBe(1)
    expect(open.errors()).toMatch(/CONVEYOR_ADMIN_TOKEN/)
    expect(open.output()).not.toMatch(/running at/)
    await rm(fresh, { recursive: true, force: true })
  })

  it('on PostgreSQL, stops in one line without the key or the database, never showing the password', async () => {
    const url = 'postgres://conveyor:hunter2@127.0.0.1:1/conveyor'
    const keyless = run({ CONVEYOR_DATABASE_URL: url })
    expect(await keyless.exited).toBe(1)
    expect(keyless.errors().trim()).toMatch(/^CONVEYOR_SECRET_KEY must be set when CONVEYOR_DATABASE_URL is/)
    expect(keyless.errors().trim().split('\n')).toHaveLength(1)

    const unreachable = run({
      CONVEYOR_DATABASE_URL: url,
      CONVEYOR_SECRET_KEY: randomBytes(32).toString('base64'),
    })
    expect(await unreachable.exited).toBe(1)
    expect(unreachable.errors().trim()).toMatch(/^Conveyor could not start: .*ECONNREFUSED/)
    expect(unreachable.errors().trim().split('\n')).toHaveLength(1)
    for (const started of [keyless, unreachable]) {
      expect(started.errors()).not.toMatch(/hunter2/)
      expect(started.output()).not.toMatch(/running at/)
    }
  })

  it('stops at once on a malformed or wrong CONVEYOR_SECRET_KEY, naming it', async () => {
    const fresh = await mkdtemp(join(tmpdir(), 'conveyor-key-'))
    const malformed = run({ CONVEYOR_DATA: fresh, CONVEYOR_SECRET_KEY: 'too-short' })
    expect(await malformed.exited).toBe(1)
    expect(malformed.errors()).toMatch(/CONVEYOR_SECRET_KEY must be the base64 of 32 random bytes/)
    expect(malformed.output()).not.toMatch(/running at/)

    // Secrets sealed with the folder's own key file; then a start with another key.
    const service = await createConveyorService({ dataDir: fresh, runWorkflows: false })
    await service.setSecret({ name: 'PAYOUT_KEY', value: 'sealed-with-the-file-key' })
    await service.close()
    const wrong = run({ CONVEYOR_DATA: fresh, CONVEYOR_SECRET_KEY: Buffer.alloc(32, 5).toString('base64') })
    expect(await wrong.exited).toBe(1)
    expect(wrong.errors()).toMatch(/CONVEYOR_SECRET_KEY does not open the stored secrets/)
    expect(wrong.output()).not.toMatch(/running at/)
    await rm(fresh, { recursive: true, force: true })
  })

  it('listens beyond loopback with CONVEYOR_ADMIN_TOKEN set, and that token works', async () => {
    const fresh = await mkdtemp(join(tmpdir(), 'conveyor-open-'))
    const secret = 'an-admin-secret-of-some-length'
    const open = run({ CONVEYOR_DATA: fresh, HOST: '0.0.0.0', CONVEYOR_ADMIN_TOKEN: secret })
    const url = await waitForUrl(open)
    expect(open.output()).not.toMatch(/\?token=/)
    const tokens = await fetch(`${url}api/tokens`, { headers: { authorization: `Bearer ${secret}` } })
    expect(tokens.status).toBe(200)
    expect(await stop(open)).toBe(0)
    await rm(fresh, { recursive: true, force: true })
  })

  it('refuses a second server on the same data folder, and takes the folder over once the first is killed outright', async () => {
    const shared = await mkdtemp(join(tmpdir(), 'conveyor-shared-'))
    const first = run({ CONVEYOR_DATA: shared })
    await waitForUrl(first)

    const second = run({ CONVEYOR_DATA: shared })
    expect(await second.exited).toBe(1)
    expect(second.errors()).toMatch(/Another Conveyor server is using the data folder .*CONVEYOR_DATA/)
    expect(second.errors()).not.toMatch(/\n\s+at /) // one line, no stack trace

    first.child.kill('SIGKILL')
    await first.exited
    const third = run({ CONVEYOR_DATA: shared })
    await waitForUrl(third)
    expect(await stop(third)).toBe(0)
    await rm(shared, { recursive: true, force: true })
    // Three server starts one after another: on a busy machine each can take ten seconds.
  }, 90_000)
})
