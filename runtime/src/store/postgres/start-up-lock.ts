import pg from 'pg'

/** Held while a replica readies the store, so replicas starting together do that work once. */
const startUpLockKey = 7_160_420_016

export interface StartUpLock {
  release(): Promise<void>
}

/**
 * Waits for, then holds, the session advisory lock of start-up work (seeding examples, the first
 * admin, readying secrets) on its own connection: the lock lives with that session, so a replica
 * that dies while holding it frees it with its connection.
 */
export async function holdStartUpLock(url: string): Promise<StartUpLock> {
  const client = new pg.Client({ connectionString: url })
  // A lost connection frees the lock on the server; nothing here waits on it afterwards.
  client.on('error', () => {})
  await client.connect()
  try {
    await client.query('SELECT pg_advisory_lock($1)', [startUpLockKey])
  } catch (error) {
    await client.end()
    throw error
  }
  return {
    // Never throws: a connection lost by then has freed the lock on the server already, and the
    // replica that got this far is ready to serve.
    release: async () => {
      await client.query('SELECT pg_advisory_unlock($1)', [startUpLockKey]).catch(() => undefined)
      await client.end().catch(() => undefined)
    },
  }
}
