import type { FieldError } from '@conveyor/shared/protocol/api'

export type { FieldError }

/**
 * Typed service errors. The HTTP layer maps them to status codes (NotFound → 404,
 * Conflict → 409, Invalid → 422, Forbidden → 403, Unavailable → 503) and passes their details through as JSON.
 */
export type ServiceErrorCode = 'not_found' | 'conflict' | 'invalid' | 'forbidden' | 'unavailable'

export abstract class ServiceError extends Error {
  abstract readonly code: ServiceErrorCode
}

export class NotFoundError extends ServiceError {
  readonly code = 'not_found' as const
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`${entity} "${id}" was not found`)
    this.name = 'NotFoundError'
  }
}

export class ConflictError extends ServiceError {
  readonly code = 'conflict' as const
  constructor(
    message: string,
    /** A machine-readable reason, e.g. `idempotency_key_reused`, `task_already_completed`. */
    readonly reason: string,
    /** What the conflict is about (the existing instance, the task's current status…). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message)
    this.name = 'ConflictError'
  }
}

export class InvalidError extends ServiceError {
  readonly code = 'invalid' as const
  constructor(
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message)
    this.name = 'InvalidError'
  }
}

export class ForbiddenError extends ServiceError {
  readonly code = 'forbidden' as const
  constructor(message: string) {
    super(message)
    this.name = 'ForbiddenError'
  }
}

/** The runtime stopped running workflows (a write to its store failed) until it is restarted. */
export class UnavailableError extends ServiceError {
  readonly code = 'unavailable' as const
  constructor(message: string) {
    super(message)
    this.name = 'UnavailableError'
  }
}

export function isServiceError(error: unknown): error is ServiceError {
  return error instanceof ServiceError
}
