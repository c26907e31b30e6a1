import { z } from '@hono/zod-openapi'
import { ErrorBody } from '../errors'

export const Timestamp = z.string().openapi({ format: 'date-time', example: '2026-01-31T09:30:00.000Z' })
export const JsonObject = z.record(z.string(), z.unknown())

export const Cursor = z
  .string()
  .min(1)
  .max(500)
  .optional()
  .openapi({ description: 'From `nextCursor` of the previous page' })
export const Limit = z.coerce
  .number()
  .int()
  .min(1)
  .max(500)
  .optional()
  .openapi({ description: 'Items per page (1–500)', example: 50 })

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().optional() })
}

const errorStatuses = {
  400: 'The request is malformed; `details.fields` names each wrong field',
  401: 'No token, or an unknown or revoked one',
  403: "The token's role does not allow this",
  404: 'No such object',
  409: 'The object is in a state that does not allow this',
  413: 'The body is too large',
  415: 'The body is not JSON',
  422: 'The content is invalid; `details` says where',
} as const

type ErrorStatus = keyof typeof errorStatuses

/** The documented error responses of a route; every route has 400, 401 and 403. */
export function errors(...statuses: ErrorStatus[]) {
  const all = [...new Set<ErrorStatus>([400, 401, 403, ...statuses])]
  return Object.fromEntries(
    all.map((status) => [
      status,
      { description: errorStatuses[status], content: { 'application/json': { schema: ErrorBody } } },
    ]),
  ) as Record<
    ErrorStatus,
    { description: string; content: { 'application/json': { schema: typeof ErrorBody } } }
  >
}

export function json<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } }
}

export function jsonBody<T extends z.ZodType>(schema: T, description?: string) {
  return { required: true, description, content: { 'application/json': { schema } } }
}

/** A body that may be left out entirely. */
export function optionalJsonBody<T extends z.ZodType>(schema: T, description?: string) {
  return { required: false, description, content: { 'application/json': { schema } } }
}
