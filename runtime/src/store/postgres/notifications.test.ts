import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openSqlDatabase, type SqlDatabase } from '../sql'
import { freshPostgresDatabase } from './testing/fresh-database'
import { listenerApplicationName, maxPayloadBytes, notify, NotificationListener } from './notifications'

let url: string
let sql: SqlDatabase
const listeners: NotificationListener[] = []

beforeAll(async () => {
  url = await freshPostgresDatabase()
  sql = await openSqlDatabase({ url })
})
afterAll(async () => {
  for (const listener of listeners) await listener.close()
  await sql.close()
})

async function openListener(): Promise<NotificationListener> {
  const listener = await NotificationListener.open({ url, reconnectDelayMs: 20 })
  listeners.push(listener)
  return listener
}

/** The payloads that arrive on `channel`, and a way to wait for the next one. */
async function collect(listener: NotificationListener, channel: string) {
  const payloads: string[] = []
  const waiting: Array<() => void> = []
  await listener.listen(channel, (payload) => {
    payloads.push(payload)
    waiting.splice(0).forEach((wake) => wake())
  })
  const count = async (n: number) => {
    while (payloads.length < n) await new Promise<void>((wake) => waiting.push(wake))
  }
  return { payloads, count }
}

describe('notifications between processes on one PostgreSQL database', () => {
  it('delivers what is sent on a channel to its listeners only', async () => {
    const listener = await openListener()
    const commands = await collect(listener, 'conveyor_commands')
    const policy = await collect(listener, 'conveyor_policy')
    await notify(sql, 'conveyor_commands', 'part 7')
    await notify(sql, 'conveyor_policy', 'fallback w1')
    await notify(sql, 'conveyor_commands', 'part 9')
    await commands.count(2)
    await policy.count(1)
    expect(commands.payloads).toEqual(['part 7', 'part 9'])
    expect(policy.payloads).toEqual(['fallback w1'])
  })

  it('delivers a notification sent in a transaction at its commit, and none from one rolled back', async () => {
    const listener = await openListener()
    const received = await collect(listener, 'conveyor_done')
    await sql
      .transaction(async (tx) => {
        await notify(tx, 'conveyor_done', 'rolled back')
        throw new Error('changed my mind')
      })
      .catch(() => undefined)
    await sql.transaction((tx) => notify(tx, 'conveyor_done', 'committed'))
    await notify(sql, 'conveyor_done', 'after')
    await received.count(2)
    expect(received.payloads).toEqual(['committed', 'after'])
  })

  it('reconnects when its connection is cut, says so, and hears what is sent after', async () => {
    const listener = await openListener()
    const received = await collect(listener, 'conveyor_leases')
    const reconnected = new Promise<void>((resolve) => listener.onReconnected(resolve))
    const cut = await sql.all<{ cut: boolean }>(
      'SELECT pg_terminate_backend(pid) AS cut FROM pg_stat_activity WHERE application_name = ? AND datname = current_database()',
      [listenerApplicationName],
    )
    expect(cut.length).toBeGreaterThan(0)
    await reconnected
    await notify(sql, 'conveyor_leases', 'part 3 released')
    await received.count(1)
    expect(received.payloads).toEqual(['part 3 released'])
  })

  it('refuses a payload PostgreSQL cannot carry and a channel name it would fold or reject, naming them', async () => {
    await expect(notify(sql, 'conveyor_collab', 'x'.repeat(maxPayloadBytes + 1))).rejects.toThrow(
      `A notification on conveyor_collab holds ${maxPayloadBytes + 1} bytes`,
    )
    await expect(notify(sql, 'Conveyor-Collab', 'x')).rejects.toThrow(
      '"Conveyor-Collab" is not a channel name',
    )
    const listener = await openListener()
    await expect(listener.listen('drop table', () => undefined)).rejects.toThrow('is not a channel name')
  })

  it('ends its connection when closed', async () => {
    const listener = await NotificationListener.open({ url })
    await listener.listen('conveyor_policy', () => undefined)
    const listening = () =>
      sql.all(
        'SELECT pid FROM pg_stat_activity WHERE application_name = ? AND datname = current_database()',
        [listenerApplicationName],
      )
    const before = (await listening()).length
    await listener.close()
    // The server ends the backend just after the client leaves: wait for it, with a deadline.
    const deadline = Date.now() + 5_000
    while ((await listening()).length !== before - 1 && Date.now() < deadline) await sql.get('SELECT 1')
    expect((await listening()).length).toBe(before - 1)
  })
})
