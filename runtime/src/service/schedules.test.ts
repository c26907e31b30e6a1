import { workflowBuilders as b } from '@conveyor/shared'
import Database from 'better-sqlite3'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { SqliteConveyorService } from '.'
import { openHarness, tempDataDir } from './test-support/service-harness'

const at = (iso: string) => Date.parse(iso)
let clock = at('2026-03-02T08:00:00.000Z')
let dataDir = ''
const open: SqliteConveyorService[] = []

afterEach(async () => {
  for (const service of open.splice(0)) await service.close()
  rmSync(dataDir, { recursive: true, force: true })
})

/** A service on the test's data folder and clock, as after a (re)start of the server. */
async function restart(): Promise<SqliteConveyorService> {
  for (const service of open.splice(0)) await service.close()
  const { service } = await openHarness({ now: () => clock }, dataDir)
  open.push(service)
  // Whatever the start-up tick fired is committed.
  await service.engine.committed()
  return service
}

function nightly(triggers: Array<{ id: string; cron: string }>) {
  return b.workflow(
    [
      ...triggers.map(({ id, cron }) =>
        b.trigger(id, { start: { kind: 'schedule', cron, timezone: 'UTC' } }),
      ),
      b.step('work'),
      b.end('done'),
    ],
    [...triggers.map(({ id }) => b.edge(id, 'work')), b.edge('work', 'done')],
    { id: 'nightly' },
  )
}

function scheduleRows() {
  const raw = new Database(join(dataDir, 'conveyor.db'), { readonly: true })
  const rows = raw
    .prepare(
      'SELECT trigger_id, cron, next_at, last_planned_at FROM schedules WHERE workflow_id = ? ORDER BY trigger_id',
    )
    .all('nightly') as Array<{
    trigger_id: string
    cron: string
    next_at: number
    last_planned_at: number | null
  }>
  raw.close()
  return rows.map((row) => ({
    trigger: row.trigger_id,
    cron: row.cron,
    next: new Date(row.next_at).toISOString(),
    lastPlanned: row.last_planned_at === null ? null : new Date(row.last_planned_at).toISOString(),
  }))
}

async function scheduledStarts(service: SqliteConveyorService) {
  const { items } = await service.listInstances({ workflowId: 'nightly' })
  const details = await Promise.all(items.map((instance) => service.getInstance(instance.id)))
  return details.map((instance) => instance.data.scheduledAt).sort()
}

describe('schedules', () => {
  it('runs a schedule that fell due while the server was down once, for its latest missed tick, and never again', async () => {
    dataDir = tempDataDir()
    clock = at('2026-03-02T08:00:00.000Z')
    let service = await restart()
    await service.createWorkflow(nightly([{ id: 'daily', cron: '0 9 * * *' }]))
    await service.deploy('nightly')
    expect(scheduleRows()).toEqual([
      { trigger: 'daily', cron: '0 9 * * *', next: '2026-03-02T09:00:00.000Z', lastPlanned: null },
    ])

    // Down from before the tick of 2 March until after the tick of 4 March: three ticks missed.
    await service.close()
    clock = at('2026-03-04T10:30:00.000Z')
    service = await restart()
    expect(await scheduledStarts(service)).toEqual(['2026-03-04T09:00:00.000Z'])
    expect(scheduleRows()).toEqual([
      {
        trigger: 'daily',
        cron: '0 9 * * *',
        next: '2026-03-05T09:00:00.000Z',
        lastPlanned: '2026-03-04T09:00:00.000Z',
      },
    ])
    await service.scheduler.tick()
    await service.engine.committed()
    expect(await scheduledStarts(service)).toHaveLength(1)

    // A second restart finds the tick fired; the next one runs on time.
    clock = at('2026-03-04T11:00:00.000Z')
    service = await restart()
    expect(await scheduledStarts(service)).toEqual(['2026-03-04T09:00:00.000Z'])
    clock = at('2026-03-05T09:00:00.000Z')
    await service.scheduler.tick()
    await service.engine.committed()
    expect(await scheduledStarts(service)).toEqual(['2026-03-04T09:00:00.000Z', '2026-03-05T09:00:00.000Z'])
  })

  it('keeps a tick unfired when the start it does is not committed', async () => {
    dataDir = tempDataDir()
    clock = at('2026-03-02T08:00:00.000Z')
    let service = await restart()
    await service.createWorkflow(nightly([{ id: 'daily', cron: '0 9 * * *' }]))
    await service.deploy('nightly')
    // A fault in the store: the start's transaction is rolled back.
    service.db.exec(`CREATE TRIGGER refuse_starts BEFORE INSERT ON instances
      BEGIN SELECT RAISE(ABORT, 'injected fault'); END`)
    clock = at('2026-03-02T09:00:00.000Z')
    await service.scheduler.tick()
    await expect(service.engine.committed()).rejects.toThrow('injected fault')
    expect(scheduleRows()).toEqual([
      { trigger: 'daily', cron: '0 9 * * *', next: '2026-03-02T09:00:00.000Z', lastPlanned: null },
    ])
    service.db.exec('DROP TRIGGER refuse_starts')

    service = await restart()
    expect(await scheduledStarts(service)).toEqual(['2026-03-02T09:00:00.000Z'])
  })

  it('follows redeploys: a changed schedule moves, an unchanged one keeps its tick, a removed one goes, and so do all when the workflow is deleted', async () => {
    dataDir = tempDataDir()
    clock = at('2026-03-02T08:00:00.000Z')
    const service = await restart()
    await service.createWorkflow(
      nightly([
        { id: 'daily', cron: '0 9 * * *' },
        { id: 'hourly', cron: '30 * * * *' },
        { id: 'weekly', cron: '0 6 * * 1' },
      ]),
    )
    await service.deploy('nightly')
    expect(scheduleRows().map((row) => row.next)).toEqual([
      '2026-03-02T09:00:00.000Z',
      '2026-03-02T08:30:00.000Z',
      '2026-03-09T06:00:00.000Z',
    ])

    // Past the ticks of daily (9:00) and hourly (8:30), not yet fired, a redeploy keeps daily,
    // changes hourly and drops weekly: daily's due tick runs, hourly starts over from its new cron.
    clock = at('2026-03-02T09:10:00.000Z')
    await service.updateWorkflow(
      'nightly',
      nightly([
        { id: 'daily', cron: '0 9 * * *' },
        { id: 'hourly', cron: '45 * * * *' },
      ]),
    )
    await service.deploy('nightly')
    await service.engine.committed()
    expect(scheduleRows()).toEqual([
      {
        trigger: 'daily',
        cron: '0 9 * * *',
        next: '2026-03-03T09:00:00.000Z',
        lastPlanned: '2026-03-02T09:00:00.000Z',
      },
      { trigger: 'hourly', cron: '45 * * * *', next: '2026-03-02T09:45:00.000Z', lastPlanned: null },
    ])
    expect(await scheduledStarts(service)).toEqual(['2026-03-02T09:00:00.000Z'])

    await service.deleteWorkflow('nightly')
    expect(scheduleRows()).toEqual([])

    // A row left by a crash between a delete and its schedules' removal goes at the next start.
    service.db
      .prepare('INSERT INTO schedules (workflow_id, trigger_id, cron, next_at) VALUES (?, ?, ?, ?)')
      .run('nightly', 'daily', '0 9 * * *', at('2026-03-02T09:00:00.000Z'))
    const restarted = await restart()
    expect(scheduleRows()).toEqual([])

    // A workflow made later under the same id has no schedule until it is deployed itself: the
    // deleted one's deployments are not its own, after a restart either.
    await restarted.createWorkflow(nightly([{ id: 'daily', cron: '0 9 * * *' }]))
    await restart()
    expect(scheduleRows()).toEqual([])
  })
})
