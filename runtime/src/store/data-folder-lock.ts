import { join } from 'node:path'
import Database from 'better-sqlite3'
import { ConfigError } from '../config'

export interface DataFolderLock {
  release(): void
}

/**
 * Claims the data folder for this server. Two servers on one folder would both fire its timers
 * and schedules and both own its live documents, so a second one is refused. The claim is an
 * exclusive SQLite lock on a file of its own: the operating system drops it when the process ends,
 * however it ends, so a server killed outright leaves nothing stale behind.
 */
export function lockDataFolder(dataDir: string): DataFolderLock {
  const file = join(dataDir, 'server.lock')
  const lock = new Database(file, { timeout: 0 })
  try {
    lock.pragma('locking_mode = EXCLUSIVE')
    // In exclusive mode the lock taken by the first write is kept until the connection closes.
    lock.exec('CREATE TABLE IF NOT EXISTS server (pid INTEGER)')
    lock.prepare('INSERT INTO server (pid) VALUES (?)').run(process.pid)
  } catch (error) {
    lock.close()
    if ((error as { code?: string }).code === 'SQLITE_BUSY') {
      throw new ConfigError(
        `Another Conveyor server is using the data folder ${dataDir}. Stop it, or give this one ` +
          'its own folder with CONVEYOR_DATA.',
      )
    }
    throw error
  }
  return { release: () => lock.close() }
}
