import { z } from 'zod'
import { Id, NodeBase } from '../../model/common'
import { Form } from '../../model/form'

export const TriggerStart = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('manual') }).strict(),
  /** Deliveries at POST /hooks/{workflowId}/{triggerId}, signed per Standard Webhooks. */
  z.object({ kind: z.literal('webhook') }).strict(),
  z
    .object({
      kind: z.literal('schedule'),
      /** Five- or six-field cron expression, e.g. "0 9 * * 1-5". */
      cron: z.string().min(1),
      timezone: z.string().optional(),
    })
    .strict(),
  z.object({ kind: z.literal('event'), event: Id }).strict(),
])
export type TriggerStart = z.infer<typeof TriggerStart>

export const TriggerData = z
  .object({
    ...NodeBase,
    start: TriggerStart,
    /** The fields an instance starts with (checked when it starts). */
    input: Form.optional(),
  })
  .strict()
export type TriggerData = z.infer<typeof TriggerData>
