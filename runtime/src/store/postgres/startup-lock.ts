import pg from 'pg'
import { ConfigError } from '../../config'

/** Held by a replica while it starts: the first one seeds the examples and makes the first admin. */
const startupLockKey = 7_160_420_017
/** How long a start waits for another replica's; a start takes seconds, so minutes mean it is stuck. */
const startupWaitMs = 120_000

export interface StartupLock {
  release(): Promise<void>
}

/**
 * Holds the session advisory lock of starting on its own connection, waiting while another replica
 * starts: the store's one-time work (examples seeded into an empty store, the first admin, plain
 * webhook secrets sealed, the metric tallies caught up) is done by one replica at a time, so two
 * replicas started together never both do it. A replica that dies frees the lock with its connection.
 */
export async function holdStartupLock(url: string): Promise<StartupLock> {
  const client = new pg.Client({ connectionString: url, application_name: 'conveyor-starting' })
  // A lost connection frees the lock on the server; nothing here waits on it afterwards.
  client.on('error', () => {})
  await client.connect()
  try {
    await client.query(`SET lock_timeout = ${startupWaitMs}`)
    await client.query('SELECT pg_advisory_lock($1)', [startupLockKey])
  } catch (error) {
    await client.end().catch(() => undefined)
    if ((error as { code?: string }).code === '55P03') {
      throw new ConfigError(
        `Another Conveyor replica has been starting on this PostgreSQL database for ${startupWaitMs / 1000} s: ` +
          'look at that replica, or stop it, then start this one again.',
      )
    }
    throw error
  }
  return { release: () => client.end().catch(() => undefined) }
}
