import type { Diagnostic, FieldError } from '@conveyor/shared/protocol/api'

/**
 * A request the API refused or answered unusably. Its message names what the editor was doing,
 * the status and the server's reason (with the first wrong fields), e.g.
 * `Saving workflow "refunds" failed (422): …`; views with a heading of their own show `reason`.
 */
export class ApiError extends Error {
  override name = 'ApiError'
  constructor(
    /** What the editor asked for, as people say it: `Loading workflow "refunds"`. */
    readonly what: string,
    readonly status: number,
    /** The runtime's error code (`stale_revision`, `not_found`, …), or `http_error` when it sent none. */
    readonly code: string,
    /** The server's message, or why its answer could not be used. */
    readonly reason: string,
    readonly details?: unknown,
  ) {
    super(`${what} failed (${status}): ${reason}`)
    const fields = this.fieldErrors.slice(0, 3).map((field) => `${field.path}: ${field.message}`)
    if (fields.length > 0) this.message += `; ${fields.join('; ')}`
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

export const signInMessage =
  'You are not signed in to this Conveyor runtime: open the link printed when it started (the one with ?token=…).'

/** Turns any response the API refused into an ApiError, whatever the body looks like. */
export async function errorFromResponse(response: Response, what: string): Promise<ApiError> {
  const text = await response.text().catch(() => '')
  if (response.status === 401) return new ApiError(what, 401, 'unauthenticated', signInMessage)
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown; details?: unknown } }
    const error = body.error
    if (error && typeof error.message === 'string') {
      const code = typeof error.code === 'string' ? error.code : 'http_error'
      return new ApiError(what, response.status, code, error.message, error.details)
    }
  } catch {
    // Not JSON: a proxy or the server itself failed before the API could answer.
  }
  const reason = `the server answered ${response.statusText || `HTTP ${response.status}`}`
  return new ApiError(what, response.status, 'http_error', reason, text || undefined)
}

/** A message to show for anything a view caught. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message
  return String(error)
}
