import type { Diagnostic, FieldError } from '@conveyor/shared/protocol/api'

/** A refusal from the API, carrying the server's code and a message people can read. */
export class ApiError extends Error {
  override name = 'ApiError'
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
  }

  /** Validator findings the server attached (a refused deployment or an invalid document). */
  get diagnostics(): Diagnostic[] {
    const details = this.details as { diagnostics?: unknown } | undefined
    return Array.isArray(details?.diagnostics) ? (details.diagnostics as Diagnostic[]) : []
  }

  /** One entry per wrong field of the request (form data, query, document paths). */
  get fieldErrors(): FieldError[] {
    const details = this.details as { fields?: unknown } | undefined
    return Array.isArray(details?.fields) ? (details.fields as FieldError[]) : []
  }
}

const signInMessage =
  'You are not signed in to this Conveyor runtime: open the link printed when it started (the one with ?token=…).'

/** Turns any response the API refused into an ApiError, whatever the body looks like. */
export async function errorFromResponse(response: Response): Promise<ApiError> {
  const text = await response.text()
  if (response.status === 401) return new ApiError(401, 'unauthenticated', signInMessage)
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown; details?: unknown } }
    const error = body.error
    if (error && typeof error.message === 'string') {
      return new ApiError(
        response.status,
        typeof error.code === 'string' ? error.code : 'error',
        error.message,
        error.details,
      )
    }
  } catch {
    // Not JSON: a proxy or the server itself failed before the API could answer.
  }
  const reason = response.statusText || `HTTP ${response.status}`
  return new ApiError(response.status, 'http_error', `The server answered ${reason}`, text || undefined)
}

/** A message to show for anything a view caught. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message
  return String(error)
}
