import pg from 'pg'
import { ConfigError } from '../../config'

/** Held by the one server serving from a database, for as long as it serves. */
const servingLockKey = 7_160_420_017

export interface ServingLock {
  release(): Promise<void>
}

/**
 * Holds the session advisory lock of serving on its own connection, or refuses when another server
 * holds it: until work is shared between replicas, a second server would resume the same
 * instances and fire the same timers. A server that dies frees the lock with its connection.
 */
export async function holdServingLock(url: string): Promise<ServingLock> {
  const client = new pg.Client({ connectionString: url, application_name: 'conveyor-serving' })
  // A lost connection frees the lock on the server; nothing here waits on it afterwards.
  client.on('error', () => {})
  await client.connect()
  let held = false
  try {
    const answer = await client.query<{ held: boolean }>('SELECT pg_try_advisory_lock($1) AS held', [
      servingLockKey,
    ])
    held = answer.rows[0]?.held === true
  } finally {
    if (!held) await client.end().catch(() => undefined)
  }
  if (!held) {
    throw new ConfigError(
      'Another Conveyor server is serving from this PostgreSQL database, and several replicas are not ' +
        'supported yet: stop it first, or give this one its own database.',
    )
  }
  return { release: () => client.end().catch(() => undefined) }
}
