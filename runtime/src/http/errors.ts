import type { Context } from 'hono'
import type { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { z } from '@hono/zod-openapi'
import { formatPath } from '@conveyor/shared'

/** Every error the API returns has this shape. */
export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'not_found' }),
      message: z.string().openapi({ example: 'Workflow "order-to-cash" was not found' }),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Error')
export type ErrorBody = z.infer<typeof ErrorBody>

/** An error meant for the caller: its code and message are safe to show. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** Sent as `Retry-After`: when asking again may succeed. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

export function errorResponse(c: Context, error: ApiError): Response {
  const body: ErrorBody = { error: { code: error.code, message: error.message } }
  if (error.details !== undefined) body.error.details = error.details
  if (error.retryAfterSeconds !== undefined) c.header('Retry-After', String(error.retryAfterSeconds))
  return c.json(body, error.status)
}

export interface FieldError {
  path: string
  message: string
}

export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }))
}

const targetNames: Record<string, string> = {
  json: 'body',
  query: 'query',
  param: 'path',
  header: 'header',
  cookie: 'cookie',
  form: 'form',
}

/** A failed request validation, naming every field that is wrong. */
export function validationError(error: z.ZodError, target = 'json'): ApiError {
  const where = targetNames[target] ?? target
  const fields = fieldErrors(error)
  return new ApiError(400, 'invalid_request', `Invalid ${where}: ${describeFields(fields)}`, { fields })
}

/** The first three wrong fields in one line ("items: must be at most 20,000; …"), and how many more. */
export function describeFields(fields: FieldError[]): string {
  const summary = fields
    .slice(0, 3)
    .map((field) => (field.path ? `${field.path}: ${field.message}` : field.message))
    .join('; ')
  return fields.length > 3 ? `${summary} (and ${fields.length - 3} more)` : summary
}

/** hono raises these for bodies it cannot read (malformed JSON, bad form data). */
export function fromHttpException(error: HTTPException): ApiError {
  const status = error.status as ContentfulStatusCode
  if (status === 400)
    return new ApiError(400, 'malformed_body', error.message || 'The request body could not be read')
  if (status === 401) return new ApiError(401, 'unauthenticated', error.message || 'Sign in first')
  if (status === 415) {
    return new ApiError(
      415,
      'unsupported_media_type',
      'Send the request body as JSON (Content-Type: application/json)',
    )
  }
  return new ApiError(status, 'http_error', error.message || 'The request failed')
}
