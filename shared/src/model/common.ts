import { z } from 'zod'

/** Node, edge, lane and field ids double as XState state ids and JSONata-friendly keys. */
export const Id = z
  .string()
  .regex(
    /^[A-Za-z][A-Za-z0-9_-]{0,63}$/,
    'must start with a letter and use only letters, digits, "-" and "_" (64 at most)',
  )
export type Id = z.infer<typeof Id>

/** A duration people can write: "90s", "30m", "4h", "2d", "1w" (units: ms, s, m, h, d, w). */
export const Duration = z
  .string()
  .regex(/^\d+(\.\d+)?\s*(ms|s|m|h|d|w)$/, 'must be a number and a unit, like "30m", "4h" or "2d"')
export type Duration = z.infer<typeof Duration>

const unitMs = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const

export function durationToMs(duration: Duration): number {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)$/.exec(duration)
  if (!match) throw new Error(`Not a duration: ${duration}`)
  return Math.round(Number(match[1]) * unitMs[match[2] as keyof typeof unitMs])
}

/** A JSONata expression, parsed and checked by the validator. */
export const Expression = z.string().min(1, 'must not be empty')

export const Position = z.object({ x: z.number(), y: z.number() })

/** What a manager knows about a step today; drives the value-stream summary and the simulator. */
export const CurrentStateFacts = z
  .object({
    volumePerWeek: z.number().nonnegative().optional(),
    handlingTimeMinutes: z.number().nonnegative().optional(),
    waitTimeMinutes: z.number().nonnegative().optional(),
    errorRate: z.number().min(0).max(1).optional(),
    costPerItem: z.number().nonnegative().optional(),
    staff: z.number().nonnegative().optional(),
  })
  .strict()
export type CurrentStateFacts = z.infer<typeof CurrentStateFacts>

export const Sla = z
  .object({
    within: Duration,
    /** Lane that takes over (non-interrupting escalation) when the SLA is breached. */
    escalateTo: Id.optional(),
  })
  .strict()
export type Sla = z.infer<typeof Sla>

/**
 * Something to check on a node brought in from another tool: a BPMN element approximated, or a
 * condition kept as written in another language. Listed among the workflow's problems until
 * someone marks it checked.
 */
export const ToCheck = z
  .object({
    message: z.string().min(1).max(2000),
    hint: z.string().max(2000),
  })
  .strict()
export type ToCheck = z.infer<typeof ToCheck>

/** Fields every node carries, whatever its kind. */
export const NodeBase = {
  label: z.string().min(1, 'give the node a name').max(200),
  description: z.string().max(4000).optional(),
  lane: Id.optional(),
  toCheck: z.array(ToCheck).max(20).optional(),
}
