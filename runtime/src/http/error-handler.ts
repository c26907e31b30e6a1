import type { Context, ErrorHandler, NotFoundHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { ZodError } from 'zod'
import {
  ConflictError,
  InvalidError,
  isServiceError,
  NotFoundError,
  UnavailableError,
  type ServiceError,
} from '../service/errors'
import { CommandTimeoutError } from '../cluster/commands'
import { JsonLimitError } from '../limits/json-limits'
import { FencedError } from '../store/batch-fence'
import { SqlError } from '../store/sql/sql-database'
import { StoreWriteError } from '../store/writer'
import { ApiError, errorResponse, fromHttpException, validationError } from './errors'

/** How long a caller whose request got no answer in time waits before looking again (s). */
const commandRetryAfterSeconds = 5

/**
 * What the PostgreSQL client says when the database cannot be reached or cut the connection
 * (restart, failover): network errors and SQLSTATE class 08 (connection) and 57P01–57P03 (shutdown).
 */
const unreachableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  '57P01',
  '57P02',
  '57P03',
])

function databaseUnreachable(error: SqlError): boolean {
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined
  const code = typeof cause?.code === 'string' ? cause.code : ''
  return (
    unreachableCodes.has(code) ||
    code.startsWith('08') ||
    (typeof cause?.message === 'string' && cause.message.startsWith('Connection terminated'))
  )
}

function fromServiceError(error: ServiceError): ApiError {
  if (error instanceof NotFoundError) {
    return new ApiError(404, 'not_found', error.message, { entity: error.entity, id: error.id })
  }
  if (error instanceof ConflictError) {
    // Reusing a key for another payload is a mistake in the request, not a race with someone else.
    const status = error.reason === 'idempotency_key_reused' ? 422 : 409
    return new ApiError(status, error.reason, error.message, error.details)
  }
  if (error instanceof InvalidError) {
    return new ApiError(
      422,
      'invalid',
      error.message,
      error.errors.length ? { fields: error.errors } : undefined,
    )
  }
  if (error instanceof UnavailableError) return new ApiError(503, 'unavailable', error.message)
  return new ApiError(403, 'forbidden', error.message)
}

function fromJsonLimitError(error: JsonLimitError): ApiError {
  return error.limit === 'size'
    ? new ApiError(413, 'body_too_large', error.message)
    : new ApiError(400, 'too_deep', error.message)
}

export function toApiError(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error
  if (isServiceError(error)) return fromServiceError(error)
  if (error instanceof HTTPException) return fromHttpException(error)
  if (error instanceof ZodError) return validationError(error)
  if (error instanceof JsonLimitError) return fromJsonLimitError(error)
  if (error instanceof CommandTimeoutError) {
    // The owner may be changing hands: by the time one has taken over, the request may be done.
    return new ApiError(
      503,
      'not_answered',
      error.message,
      { commandId: error.commandId },
      commandRetryAfterSeconds,
    )
  }
  // Another replica owns the instance now: nothing was stored, and the request may be sent again.
  if (error instanceof FencedError) return new ApiError(503, 'not_owner', error.message)
  // The database is restarting or failing over: nothing is wrong with the request, which may be sent again.
  if (error instanceof SqlError && databaseUnreachable(error)) {
    return new ApiError(
      503,
      'unavailable',
      'The database cannot be reached right now; send the request again shortly',
      undefined,
      commandRetryAfterSeconds,
    )
  }
  if (error instanceof StoreWriteError) {
    return new ApiError(503, 'unavailable', `Conveyor stopped running workflows: ${error.message}`)
  }
  return undefined
}

/**
 * Known errors become their JSON error; anything else is a 500 that says nothing about the
 * internals. The log line carries the method and path only: query strings may hold tokens.
 */
export function errorHandler(log: (line: string) => void): ErrorHandler {
  return (error, c) => {
    const known = toApiError(error)
    if (known) return errorResponse(c, known)
    log(
      `${c.req.method} ${c.req.path} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    )
    return errorResponse(
      c,
      new ApiError(500, 'internal', 'Something went wrong on the server; it has been logged'),
    )
  }
}

export const notFoundHandler: NotFoundHandler = (c: Context) =>
  errorResponse(c, new ApiError(404, 'not_found', `No route for ${c.req.method} ${c.req.path}`))
