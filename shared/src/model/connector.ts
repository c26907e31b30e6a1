import { z } from 'zod'
import { Duration, Expression } from './common'

export const HttpConnector = z
  .object({
    kind: z.literal('http'),
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('POST'),
    url: z.string().min(1),
    headers: z.record(z.string(), z.string()).optional(),
    /** JSONata over `{ data }` producing the request body. */
    body: Expression.optional(),
    /** JSONata over `{ status, headers, body }` producing the step's result. */
    response: Expression.optional(),
  })
  .strict()

export const TransformConnector = z
  .object({
    kind: z.literal('transform'),
    /** JSONata over the instance data producing the step's result. */
    expression: Expression,
  })
  .strict()

export const DelayConnector = z
  .object({
    kind: z.literal('delay'),
    duration: Duration.optional(),
    /** JSONata over the instance data producing an ISO time to wait until. */
    until: Expression.optional(),
  })
  .strict()

export const Connector = z.discriminatedUnion('kind', [HttpConnector, TransformConnector, DelayConnector])
export type Connector = z.infer<typeof Connector>
export type ConnectorKind = Connector['kind']

export const RetryPolicy = z
  .object({
    maxAttempts: z.number().int().min(1).max(100).default(3),
    initialDelay: Duration.default('1s'),
    backoffFactor: z.number().min(1).max(10).default(2),
    maxDelay: Duration.default('5m'),
  })
  .strict()
export type RetryPolicy = z.infer<typeof RetryPolicy>
