import { SqliteConveyorService } from './conveyor-service'
import { openServiceStore } from './service-store'
import type { ServiceOptions } from './types'

export * from './errors'
export type * from './types'
export { SqliteConveyorService }

/**
 * Opens the store (PostgreSQL at `databaseUrl`, else the data folder), resumes unfinished work and
 * starts schedules: the runtime's service, ready.
 */
export async function createConveyorService(options: ServiceOptions = {}): Promise<SqliteConveyorService> {
  const store = await openServiceStore(options)
  let service: SqliteConveyorService
  try {
    service = new SqliteConveyorService(store, options)
  } catch (error) {
    await store.cluster.close()
    await store.sql.close()
    throw error
  }
  try {
    await service.start()
  } catch (error) {
    // What started (leases taken, schedules armed) is let go of: nothing keeps running unserved.
    await service.close().catch(() => undefined)
    throw error
  }
  return service
}
