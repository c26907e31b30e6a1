import { z } from '@hono/zod-openapi'
import { Cursor, JsonObject, Limit } from './common'
import { incidentStatuses, taskStatuses } from './instances'

export const TaskQuery = z.object({
  lane: z.string().max(64).optional(),
  assignee: z.string().max(200).optional().openapi({ description: '`me` for the tasks you hold' }),
  status: z.enum(taskStatuses).optional(),
  workflowId: z.string().max(64).optional(),
  instanceId: z.string().max(200).optional(),
  limit: Limit,
  cursor: Cursor,
})

export const CompleteTaskBody = z
  .object({
    data: JsonObject.optional().openapi({ description: "The form's fields by id" }),
    branch: z.string().min(1).max(64).optional().openapi({ description: 'Decisions: the branch taken' }),
    verdict: z.enum(['accept', 'edit', 'override']).optional().openapi({
      description:
        "Augmented steps: what you did with the assistant's suggestion. The runtime decides it from the data; one that says otherwise is only audited",
    }),
  })
  .strict()
  .openapi('CompleteTask')

export const IncidentQuery = z.object({
  status: z.enum(incidentStatuses).optional(),
  workflowId: z.string().max(64).optional(),
  instanceId: z.string().max(200).optional(),
  limit: Limit,
  cursor: Cursor,
})

export const SkipIncidentBody = z
  .object({ result: z.unknown().optional().openapi({ description: 'What the step would have produced' }) })
  .strict()
  .openapi('SkipIncident')
