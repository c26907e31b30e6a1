import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ConflictError, NotFoundError, UnavailableError } from '../service/errors'
import { StoreWriteError } from '../store/writer'
import { listenerApplicationName } from '../store/postgres/notifications'
import { freshPostgresDatabase } from '../store/postgres/testing/fresh-database'
import { openSqlDatabase, type SqlDatabase } from '../store/sql'
import { CommandTimeoutError } from './commands'
import { CommandFailedError } from './commands-errors'
import type { Command } from './commands-worker'
import { allPartitions, partitionOf } from './partitions'
import { CommandCrew, type CrewOptions } from './test-support/commands-crew'

let url: string
let observer: SqlDatabase
let crew: CommandCrew

beforeEach(async () => {
  url = await freshPostgresDatabase()
  observer = await openSqlDatabase({ url, poolSize: 2 })
})
afterEach(async () => {
  await crew?.close()
  await observer.close()
})

/** A crew that only hears of commands and outcomes through wake-ups, unless told to poll. */
function crewOf(options: CrewOptions = {}): CommandCrew {
  crew = new CommandCrew(url, { pollEveryMs: 600_000, ...options })
  return crew
}

interface Row {
  id: string
  status: string
  claimed_by: string | null
  claimed_epoch: number | null
  result: string | null
}

const rows = () =>
  observer.all<Row>(
    'SELECT id, status, claimed_by, claimed_epoch, result FROM commands ORDER BY created_at, id',
  )

const doubled = async (command: Command) => (command.payload as number) * 2

describe('commands handed to the owner of their partition', () => {
  it('runs a command submitted on one replica once, on the owner, and gives the submitter its result', async () => {
    const crew = crewOf()
    const a = await crew.add('a', { double: doubled })
    const b = await crew.add('b', { double: doubled })
    crew.give(b, [7], 1)

    await expect(a.submitter.submit('double', 7, 21)).resolves.toBe(42)

    expect(a.ran).toEqual([])
    expect(b.ran).toHaveLength(1)
    expect(await rows()).toEqual([
      { id: b.ran[0], status: 'done', claimed_by: 'b', claimed_epoch: 1, result: '42' },
    ])
  })

  it("gives the submitter the handler's error as its own class, with its fields", async () => {
    const crew = crewOf()
    const a = await crew.add('a', {})
    const b = await crew.add('b', {
      complete: async () => {
        throw new ConflictError('Task t1 is already completed', 'task_already_completed', {
          status: 'completed',
        })
      },
      find: async () => {
        throw new NotFoundError('Task', 't2')
      },
      parse: async () => JSON.parse('{'),
      halted: async () => {
        throw new StoreWriteError(new Error('disk full'))
      },
    })
    crew.give(b, [3], 1)

    const conflict = await a.submitter.submit('complete', 3, {}).catch((error: unknown) => error)
    expect(conflict).toBeInstanceOf(ConflictError)
    expect(conflict).toMatchObject({
      message: 'Task t1 is already completed',
      reason: 'task_already_completed',
      details: { status: 'completed' },
    })
    const missing = await a.submitter.submit('find', 3, {}).catch((error: unknown) => error)
    expect(missing).toBeInstanceOf(NotFoundError)
    expect(missing).toMatchObject({ entity: 'Task', id: 't2', message: 'Task "t2" was not found' })
    const other = await a.submitter.submit('parse', 3, {}).catch((error: unknown) => error)
    expect(other).toBeInstanceOf(CommandFailedError)
    expect(other).toMatchObject({ errorName: 'SyntaxError' })
    const unknown = await a.submitter.submit('rename', 3, {}).catch((error: unknown) => error)
    expect(unknown).toMatchObject({ message: 'Replica b has no handler for commands of kind "rename"' })
    const halted = await a.submitter.submit('halted', 3, {}).catch((error: unknown) => error)
    expect(halted).toBeInstanceOf(UnavailableError)
    expect(halted).toMatchObject({
      message:
        'The replica that owns this work stopped running workflows: a write to the database failed (disk full)',
    })
    expect((await rows()).map((row) => row.status)).toEqual([
      'failed',
      'failed',
      'failed',
      'failed',
      'failed',
    ])
  })

  it('runs every one of 3 × 50 commands submitted at once across the partitions exactly once', async () => {
    const crew = crewOf()
    const replicas = await Promise.all(['a', 'b', 'c'].map((id) => crew.add(id, { double: doubled })))
    replicas.forEach((replica, index) =>
      crew.give(
        replica,
        allPartitions.filter((part) => part % 3 === index),
        1,
      ),
    )

    const results = await Promise.all(
      replicas.flatMap((replica, index) =>
        Array.from({ length: 50 }, (_, n) => {
          const payload = index * 1000 + n
          return replica.submitter.submit('double', partitionOf(`instance-${payload}`), payload)
        }),
      ),
    )

    expect(results).toEqual(
      replicas.flatMap((_, index) => Array.from({ length: 50 }, (_, n) => (index * 1000 + n) * 2)),
    )
    const ran = replicas.flatMap((replica) => replica.ran)
    expect(ran).toHaveLength(150)
    expect(new Set(ran).size).toBe(150)
    const ranBy = new Map(replicas.flatMap((replica) => replica.ran.map((id) => [id, replica.id])))
    const stored = await observer.all<{ id: string; part: number; status: string; claimed_by: string }>(
      'SELECT id, part, status, claimed_by FROM commands',
    )
    expect(stored).toHaveLength(150)
    for (const row of stored) {
      expect(row).toMatchObject({ status: 'done', claimed_by: ranBy.get(row.id) })
      expect(row.claimed_by).toBe(['a', 'b', 'c'][row.part % 3])
    }
  })

  it('has the next owner run a command whose owner stopped while running it, and keeps its outcome', async () => {
    const crew = crewOf()
    let releaseB = () => {}
    const retaken: Array<[string, boolean]> = []
    const a = await crew.add('a', {})
    const b = await crew.add('b', {
      step: (command) => {
        retaken.push(['b', command.retaken])
        return new Promise((resolve) => (releaseB = () => resolve('from b')))
      },
    })
    const c = await crew.add('c', {
      step: async (command) => {
        retaken.push(['c', command.retaken])
        return 'from c'
      },
    })
    crew.give(b, [12], 4)

    const outcome = a.submitter.submit('step', 12, {})
    await vi.waitFor(() => expect(b.ran).toHaveLength(1))
    b.worker.stop()
    b.ownership.take(12)
    crew.give(c, [12], 5)

    await expect(outcome).resolves.toBe('from c')
    expect(c.ran).toEqual(b.ran)
    // The next owner is told that the command may have been applied already.
    expect(retaken).toEqual([
      ['b', false],
      ['c', true],
    ])
    releaseB()
    await vi.waitFor(() => expect(b.worker.runningCount).toBe(0))
    expect(b.errors).toEqual([])
    expect(await rows()).toEqual([
      { id: c.ran[0], status: 'done', claimed_by: 'c', claimed_epoch: 5, result: '"from c"' },
    ])
  })

  it('leaves a command whose handler failed after its partition was lost to the next owner, unanswered till then', async () => {
    const crew = crewOf()
    let failB = () => {}
    const a = await crew.add('a', {})
    const b = await crew.add('b', {
      step: () => new Promise((_, reject) => (failB = () => reject(new Error('batch fenced')))),
    })
    const c = await crew.add('c', { step: async () => 'from c' })
    crew.give(b, [20], 2)

    const outcome = a.submitter.submit('step', 20, {})
    await vi.waitFor(() => expect(b.ran).toHaveLength(1))
    b.ownership.take(20)
    failB()
    await vi.waitFor(() => expect(b.worker.runningCount).toBe(0))
    expect(await rows()).toEqual([
      { id: b.ran[0], status: 'pending', claimed_by: 'b', claimed_epoch: 2, result: null },
    ])
    crew.give(c, [20], 3)

    await expect(outcome).resolves.toBe('from c')
    expect(b.errors).toEqual([])
  })

  it('catches by polling a command and an outcome whose wake-ups were lost with the listeners', async () => {
    const crew = crewOf({ pollEveryMs: 50, reconnectDelayMs: 600_000 })
    const a = await crew.add('a', {})
    const b = await crew.add('b', { double: doubled })
    crew.give(b, [40], 1)
    await observer.all(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ? AND datname = current_database()',
      [listenerApplicationName],
    )
    await vi.waitFor(async () => {
      const listening = await observer.get<{ n: number }>(
        'SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = ? AND datname = current_database()',
        [listenerApplicationName],
      )
      expect(listening?.n).toBe(0)
    })

    await expect(a.submitter.submit('double', 40, 5)).resolves.toBe(10)
    expect(b.ran).toHaveLength(1)
  })

  it('names a command nobody ran in time, which stays queued and completes once its partition has an owner', async () => {
    const crew = crewOf({ timeoutMs: 100 })
    const a = await crew.add('a', {})
    const b = await crew.add('b', { double: doubled })

    const late = await a.submitter.submit('double', 9, 4).catch((error: unknown) => error)
    expect(late).toBeInstanceOf(CommandTimeoutError)
    const [row] = await rows()
    expect((late as Error).message).toBe(
      `Command ${row!.id} (double, partition 9) got no outcome within 100 ms. ` +
        'It stays queued and may still complete later: look before sending it again.',
    )
    expect(row!.status).toBe('pending')

    crew.give(b, [9], 1)
    await vi.waitFor(async () => expect((await rows())[0]).toMatchObject({ status: 'done', result: '8' }))
    expect(b.ran).toEqual([row!.id])
  })
})
