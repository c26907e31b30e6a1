import { z } from '@hono/zod-openapi'
import { Timestamp } from './common'
import { WorkflowIdParam } from './workflows'

export const StepHistoryParams = WorkflowIdParam.extend({
  nodeId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'nodeId', in: 'path' }, description: 'The step’s node id' }),
})

export const StepHistoryQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(200)
    .optional()
    .openapi({ description: 'How many lines, newest first (1–200, default 50)', example: 20 }),
})

const StepHistoryLine = z
  .object({
    seq: z.number().int().openapi({ description: 'The audit row it tells' }),
    at: Timestamp,
    by: z.string().openapi({ description: 'Who, as people read it; `Conveyor` for the runtime itself' }),
    action: z.string().openapi({ example: 'step.switched-to-manual' }),
    text: z.string().openapi({
      description: 'What happened and why, with the figures',
      example: 'Demoted from Auto-apply to Suggest: 3 of the last 5 sampled reviews were overrides',
    }),
  })
  .openapi('StepHistoryLine')

export const StepHistory = z
  .object({
    workflowId: z.string(),
    nodeId: z.string(),
    items: z.array(StepHistoryLine),
  })
  .openapi('StepHistory', {
    description:
      "A step's history, newest first: switches to manual and back (the circuit breaker's too), autonomy changes, promotion proposals, declines and demotions, and the workflow's pilots",
  })
