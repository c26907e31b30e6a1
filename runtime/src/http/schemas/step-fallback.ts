import { z } from '@hono/zod-openapi'
import { Timestamp } from './common'
import { WorkflowIdParam } from './workflows'

export const FallbackStepParams = WorkflowIdParam.extend({
  nodeId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'nodeId', in: 'path' }, description: 'The step’s node id' }),
})

export const SetStepFallback = z
  .object({
    manual: z.boolean().openapi({
      description:
        '`true`: new visits (and items waiting for a retry) become tasks in the fallback lane; `false`: the step calls its service or assistant again',
    }),
    reason: z
      .string()
      .min(1)
      .max(500)
      .openapi({ description: 'Why, for the audit and the canvas', example: 'vendor outage' }),
  })
  .strict()
  .openapi('SetStepFallback')

export const StepFallbackView = z
  .object({
    workflowId: z.string(),
    nodeId: z.string(),
    manual: z.boolean(),
    since: Timestamp.nullable(),
    by: z.string().nullable(),
    reason: z.string().nullable(),
    failuresInARow: z.number().int(),
    breakAfter: z.number().int(),
    lane: z.string().nullable(),
  })
  .openapi('StepFallback', {
    description:
      'Whether a step that calls an outside service or the assistant is switched to manual (since when, by whom — `system` for the circuit breaker — and why), and its failed calls in a row',
  })
