import { workflowBuilders as b } from '@conveyor/shared'
import { randomBytes } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { createConveyorService, type SqliteConveyorService } from '.'
import { freshPostgresDatabase } from '../store/postgres/testing/fresh-database'

const at = (iso: string) => Date.parse(iso)
const secretKey = randomBytes(32)
let clock = at('2026-03-02T08:00:00.000Z')
const open: SqliteConveyorService[] = []

afterEach(async () => {
  await Promise.all(open.splice(0).map((service) => service.close()))
})

/** Replicas on one PostgreSQL database, sharing the test's clock. */
async function replicas(count: number): Promise<SqliteConveyorService[]> {
  const databaseUrl = await freshPostgresDatabase()
  for (let i = 0; i < count; i++) {
    open.push(await createConveyorService({ databaseUrl, secretKey, now: () => clock }))
  }
  return open
}

function everyHour(workflowId: string) {
  return b.workflow(
    [
      b.trigger('hourly', { start: { kind: 'schedule', cron: '0 * * * *', timezone: 'UTC' } }),
      b.step('work'),
      b.end('done'),
    ],
    [b.edge('hourly', 'work'), b.edge('work', 'done')],
    { id: workflowId },
  )
}

async function scheduledStarts(service: SqliteConveyorService, workflowId: string) {
  const { items } = await service.listInstances({ workflowId })
  const details = await Promise.all(items.map((instance) => service.getInstance(instance.id)))
  return details.map((instance) => instance.data.scheduledAt).sort()
}

describe('schedules on replicas sharing one PostgreSQL database', () => {
  it('fires a tick due while three replicas tick at once on one of them, once', async () => {
    clock = at('2026-03-02T08:30:00.000Z')
    const [a, b2, c] = await replicas(3)
    const workflowIds = Array.from({ length: 5 }, (_, i) => `hourly-${i}`)
    for (const id of workflowIds) {
      await a!.createWorkflow(everyHour(id))
      await a!.deploy(id)
    }
    // The others learn of the new schedules from the table, as after their own next tick.
    clock = at('2026-03-02T09:00:00.000Z')
    await Promise.all([a, b2, c].map((service) => service!.scheduler.tick()))
    await Promise.all([a, b2, c].map((service) => service!.engine.committed()))
    for (const id of workflowIds) {
      expect(await scheduledStarts(a!, id)).toEqual(['2026-03-02T09:00:00.000Z'])
    }
    // Ticking again at the same moment finds nothing due on any of them.
    await Promise.all([a, b2, c].map((service) => service!.scheduler.tick()))
    await Promise.all([a, b2, c].map((service) => service!.engine.committed()))
    for (const id of workflowIds) expect(await scheduledStarts(c!, id)).toHaveLength(1)

    // The next tick, with each replica ticking in turn, fires once too.
    clock = at('2026-03-02T10:00:00.000Z')
    for (const service of [c, b2, a]) {
      await service!.scheduler.tick()
      await service!.engine.committed()
    }
    for (const id of workflowIds) {
      expect(await scheduledStarts(b2!, id)).toEqual(['2026-03-02T09:00:00.000Z', '2026-03-02T10:00:00.000Z'])
    }
  })
})
