import { SqliteConveyorService } from './conveyor-service'
import type { ServiceOptions } from './types'

export * from './errors'
export type * from './types'
export { SqliteConveyorService }

/** Opens the store, resumes unfinished work and starts schedules: the runtime's service, ready. */
export async function createConveyorService(options: ServiceOptions = {}): Promise<SqliteConveyorService> {
  const service = new SqliteConveyorService(options)
  await service.start()
  return service
}
