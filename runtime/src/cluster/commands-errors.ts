import {
  ConflictError,
  ForbiddenError,
  InvalidError,
  NotFoundError,
  UnavailableError,
  type FieldError,
} from '../service/errors'
import { FencedError } from '../store/batch-fence'

/**
 * A handler's error as stored in a command's row: its class name, message and the fields its
 * class carries, so that the replica that submitted the command throws the same kind of error
 * (a conflict stays a 409, a missing task a 404). Never a stack: it would only describe the owner.
 */
export interface StoredError {
  name: string
  message: string
  fields?: Record<string, unknown>
}

/** A handler's error the submitter has no class for: its name and message, as the owner saw them. */
export class CommandFailedError extends Error {
  override name = 'CommandFailedError'
  constructor(
    /** The name of the error the handler threw. */
    readonly errorName: string,
    message: string,
  ) {
    super(message)
  }
}

/** What a handler threw, ready to store (JSON). */
export function storedError(error: unknown): StoredError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) }
  const stored: StoredError = { name: error.name, message: error.message }
  if (error instanceof NotFoundError) stored.fields = { entity: error.entity, id: error.id }
  else if (error instanceof ConflictError) stored.fields = { reason: error.reason, details: error.details }
  else if (error instanceof InvalidError) stored.fields = { errors: error.errors }
  return stored
}

/** The error to throw for a stored one: the service's own error classes come back as themselves. */
export function revivedError(stored: StoredError): Error {
  const fields = stored.fields ?? {}
  switch (stored.name) {
    case 'NotFoundError':
      return new NotFoundError(String(fields.entity), String(fields.id))
    case 'ConflictError':
      return new ConflictError(
        stored.message,
        String(fields.reason),
        (fields.details as Record<string, unknown> | undefined) ?? {},
      )
    case 'InvalidError':
      return new InvalidError(stored.message, (fields.errors as FieldError[] | undefined) ?? [])
    case 'ForbiddenError':
      return new ForbiddenError(stored.message)
    // A NotOwnedError: refused by a replica that lost the instance's partition meanwhile, to send again.
    case 'UnavailableError':
    case 'NotOwnedError':
      return new UnavailableError(stored.message)
    // The owner's batch was refused: it had lost the partition meanwhile, nothing was stored.
    case 'FencedError':
      return new FencedError(stored.message)
    // The owner stopped running workflows (a write to its store failed): a 503 there, and here.
    case 'StoreWriteError':
      return new UnavailableError(
        `The replica that owns this work stopped running workflows: ${stored.message}`,
      )
    default:
      return new CommandFailedError(stored.name, stored.message)
  }
}
