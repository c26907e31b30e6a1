import { workflowBuilders as b } from '@conveyor/shared'
import Database from 'better-sqlite3'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { SqliteConveyorService } from '../service'
import { openHarness, tempDataDir, waitForStatus } from '../service/test-support/service-harness'

const at = (iso: string) => Date.parse(iso)
let clock = at('2026-03-02T08:00:00.000Z')
let dataDir = ''
const open: SqliteConveyorService[] = []

afterEach(async () => {
  vi.restoreAllMocks()
  for (const service of open.splice(0)) await service.close()
  rmSync(dataDir, { recursive: true, force: true })
})

async function restart(): Promise<SqliteConveyorService> {
  for (const service of open.splice(0)) await service.close()
  const { service } = await openHarness({ now: () => clock }, dataDir)
  open.push(service)
  return service
}

/** Started by hand or every morning at nine; either way it waits an hour, then ends. */
const waitAnHour = b.workflow(
  [
    b.trigger('by-hand'),
    b.trigger('daily', { start: { kind: 'schedule', cron: '0 9 * * *', timezone: 'UTC' } }),
    b.step('wait', { automate: { connector: { kind: 'delay', duration: '1h' } } }),
    b.end('done'),
  ],
  [b.edge('by-hand', 'wait'), b.edge('daily', 'wait'), b.edge('wait', 'done')],
  { id: 'wait-an-hour' },
)

function rows(sql: string): unknown[] {
  const raw = new Database(join(dataDir, 'conveyor.db'), { readonly: true })
  try {
    return raw.prepare(sql).all()
  } finally {
    raw.close()
  }
}

describe('a failed commit stops the engine', () => {
  it('fires no timer and no schedule afterwards, and leaves both due for the restart', async () => {
    dataDir = tempDataDir()
    clock = at('2026-03-02T08:00:00.000Z')
    let service = await restart()
    await service.createWorkflow(waitAnHour)
    await service.deploy('wait-an-hour')
    const { instance } = await service.startInstance({ workflowId: 'wait-an-hour', trigger: 'by-hand' })
    await waitForStatus(service, instance.id, ['waiting'])

    service.db.exec(`CREATE TRIGGER injected_fault BEFORE INSERT ON events
      BEGIN SELECT RAISE(ABORT, 'injected fault'); END`)
    await expect(service.startInstance({ workflowId: 'wait-an-hour', trigger: 'by-hand' })).rejects.toThrow(
      'injected fault',
    )
    expect(service.health()).toMatchObject({ ok: false, reason: expect.stringMatching(/injected fault/) })
    service.db.exec('DROP TRIGGER injected_fault')

    // The delay and the nine o'clock tick fall due: a stopped engine neither tries them nor logs.
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const events = rows('SELECT * FROM events')
    clock = at('2026-03-02T10:00:00.000Z')
    await service.engine.timers.tick()
    service.scheduler.tick()
    await new Promise((resolve) => setImmediate(resolve))
    expect(errors).not.toHaveBeenCalled()
    expect(rows('SELECT * FROM events')).toEqual(events)
    expect(rows("SELECT kind FROM timers WHERE status = 'pending'")).toEqual([{ kind: 'delay' }])
    errors.mockRestore()

    service = await restart()
    expect((await waitForStatus(service, instance.id, ['completed'])).status).toBe('completed')
    const triggers = async () =>
      (await service.listInstances({ workflowId: 'wait-an-hour' })).items.map((item) => item.trigger).sort()
    // The missed nine o'clock tick starts once on restart (the catch-up policy).
    await expect.poll(triggers).toEqual(['by-hand', 'daily'])
  })
})
