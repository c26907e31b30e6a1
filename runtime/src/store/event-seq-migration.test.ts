import { afterEach, describe, expect, it } from 'vitest'
import type { SqlDatabase } from './sql'
import { freshStore, testEngines } from './sql/test-support/test-databases'

let store: Awaited<ReturnType<typeof freshStore>> | undefined
afterEach(async () => {
  await store?.close()
  store = undefined
})

/** The store as a folder made before the per-instance event sequence (its migration not applied). */
async function beforeTheMigration(db: SqlDatabase): Promise<void> {
  await db.run('DROP INDEX events_by_instance_seq')
  await db.run('ALTER TABLE events DROP COLUMN instance_seq')
  await db.run('ALTER TABLE instances DROP COLUMN event_seq')
  await db.run('DELETE FROM schema_migrations WHERE version = 28')
}

async function addInstance(db: SqlDatabase, id: string): Promise<void> {
  await db.run(
    `INSERT INTO instances (id, workflow_id, deployment_id, version, trigger_id, status, outcome, active_nodes,
      snapshot, visits, started_at, updated_at, ended_at)
      VALUES (?, 'w', 'w@1', 1, 'start', 'running', NULL, '[]', '{}', '{}', 1, 1, NULL)`,
    [id],
  )
}

async function addEvent(db: SqlDatabase, instanceId: string): Promise<void> {
  await db.run(
    `INSERT INTO events (at, instance_id, workflow_id, deployment_id, type) VALUES (1, ?, 'w', 'w@1', 'STEP_DONE')`,
    [instanceId],
  )
}

describe.each(testEngines)('the per-instance event sequence migration on %s', (engine) => {
  it("numbers a folder's existing events per instance in log order and stores each instance's count", async () => {
    store = await freshStore(engine)
    const old = await store.open()
    await beforeTheMigration(old)
    for (const id of ['a', 'b', 'quiet']) await addInstance(old, id)
    // Interleaved, as instances run side by side.
    for (const id of ['a', 'b', 'a', 'a', 'b']) await addEvent(old, id)
    const db = await store.open()
    expect(await db.all('SELECT instance_id, instance_seq FROM events ORDER BY instance_id, seq')).toEqual([
      { instance_id: 'a', instance_seq: 1 },
      { instance_id: 'a', instance_seq: 2 },
      { instance_id: 'a', instance_seq: 3 },
      { instance_id: 'b', instance_seq: 1 },
      { instance_id: 'b', instance_seq: 2 },
    ])
    expect(await db.all('SELECT id, event_seq FROM instances ORDER BY id')).toEqual([
      { id: 'a', event_seq: 3 },
      { id: 'b', event_seq: 2 },
      { id: 'quiet', event_seq: 0 },
    ])
    // The numbers are unique per instance from now on.
    await expect(
      db.run(
        `INSERT INTO events (at, instance_id, workflow_id, deployment_id, type, instance_seq)
          VALUES (1, 'a', 'w', 'w@1', 'STEP_DONE', 3)`,
      ),
    ).rejects.toThrow(/UNIQUE constraint failed|duplicate key value/)
  })
})
