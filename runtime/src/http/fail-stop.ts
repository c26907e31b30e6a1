import type { Hono, MiddlewareHandler } from 'hono'
import type { ConveyorService } from '../service/types'
import type { AppEnv } from './app-env'
import { ApiError, errorResponse } from './errors'

/** `/healthz`: 200 while workflows run; 503 with the reason once the runtime stopped after a failed write. */
export function healthRoute(app: Hono<AppEnv>, service: ConveyorService): void {
  app.get('/healthz', (c) => {
    const health = service.health()
    return health.ok ? c.json(health) : c.json(health, 503)
  })
}

/**
 * After a failed commit the runtime acknowledges no more work it would not do: every request that
 * changes something is answered 503 with the reason, while reads still answer from the store.
 */
export function refuseChangesWhenHalted(service: ConveyorService): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS') return next()
    const health = service.health()
    if (health.ok) return next()
    return errorResponse(
      c,
      new ApiError(503, 'unavailable', `Conveyor stopped running workflows: ${health.reason}`),
    )
  }
}
