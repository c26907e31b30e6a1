import type { Caller } from '../auth/caller'

/** The values middleware hands to route handlers. */
export interface AppEnv {
  Variables: {
    /** Set by the authentication middleware on every /api route. */
    caller: Caller
  }
}
