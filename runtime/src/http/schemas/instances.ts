import { FieldType } from '@conveyor/shared'
import { historyEntryTypes } from '@conveyor/shared/protocol/event-log'
import { z } from '@hono/zod-openapi'
import { Cursor, JsonObject, Limit, Timestamp } from './common'

export const instanceStatuses = [
  'running',
  'waiting',
  'completed',
  'failed',
  'cancelled',
  'rejected',
  'incident',
] as const
export const taskStatuses = ['open', 'claimed', 'completed', 'rejected', 'cancelled'] as const
export const incidentStatuses = ['open', 'retried', 'skipped', 'cancelled'] as const

export const IdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: 'id', in: 'path' } }),
})

export const InstanceSummary = z
  .object({
    id: z.string(),
    workflowId: z.string(),
    deploymentId: z.string(),
    version: z.number().int(),
    status: z.enum(instanceStatuses),
    activeNodes: z.array(z.string()),
    outcome: z.string().optional(),
    startedAt: Timestamp,
    updatedAt: Timestamp,
    endedAt: Timestamp.optional(),
    trigger: z.string(),
  })
  .openapi('InstanceSummary')

export const StartInstanceBody = z
  .object({
    trigger: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .openapi({ description: 'Trigger node id; the first manual trigger by default' }),
    input: JsonObject.optional().openapi({ description: "Fields of the trigger's input form" }),
  })
  .strict()
  .openapi('StartInstance')

export const StartInstanceHeaders = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(200)
    .optional()
    .openapi({ description: 'Repeat it to get the original instance back instead of a second one' }),
})

export const StartInstanceResponse = z
  .object({ instance: InstanceSummary, created: z.boolean() })
  .openapi('StartInstanceResult')

export const InstanceQuery = z.object({
  workflowId: z.string().max(64).optional(),
  status: z.enum(instanceStatuses).optional(),
  deploymentId: z.string().max(100).optional(),
  limit: Limit,
  cursor: Cursor,
})

const FormFieldView = z.object({
  id: z.string(),
  label: z.string(),
  type: z.string(),
  required: z.boolean(),
  options: z.array(z.string()).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  help: z.string().optional(),
})

const CaseField = z
  .object({
    path: z
      .string()
      .openapi({ description: 'Where the value is in the instance data, dotted', example: 'amount' }),
    label: z.string().openapi({ example: 'Amount' }),
    type: z
      .enum(FieldType.options)
      .optional()
      .openapi({ description: 'The form field type, to format the value' }),
    value: z.unknown().optional().openapi({ description: 'Absent when the instance holds nothing there' }),
  })
  .openapi('CaseField')

export const Task = z
  .object({
    id: z.string(),
    instanceId: z.string(),
    workflowId: z.string(),
    workflowName: z.string().optional().openapi({ description: 'The workflow name as deployed' }),
    deploymentId: z.string(),
    nodeId: z.string(),
    kind: z.enum(['step', 'decision']),
    label: z.string(),
    lane: z.string().optional().openapi({ description: 'Lane id (what the lane filter takes)' }),
    laneName: z.string().optional(),
    escalatedTo: z.string().optional(),
    escalatedToName: z.string().optional(),
    case: z.array(CaseField).optional().openapi({
      description:
        "The item's data the step needs, by label, as it stood when the task was made: the fields the step chose, or by default the trigger's inputs and earlier form answers",
    }),
    status: z.enum(taskStatuses),
    assignee: z.string().optional(),
    form: z.object({ fields: z.array(FormFieldView) }),
    branches: z.array(z.object({ id: z.string(), label: z.string() })).optional(),
    question: z.string().optional(),
    prefill: JsonObject,
    suggestion: z
      .object({
        provider: z.string(),
        produces: z.enum(['draft', 'classification', 'recommendation']),
        field: z.string(),
        value: z.unknown(),
        confidence: z.number().optional(),
        explanation: z.string(),
      })
      .optional(),
    assistantError: z.string().optional(),
    fallback: z
      .object({ reason: z.string() })
      .optional()
      .openapi({ description: 'Set when the step was switched to manual: why' }),
    dueAt: Timestamp.optional(),
    createdAt: Timestamp,
    completedAt: Timestamp.optional(),
    completedBy: z.string().optional(),
    result: JsonObject.optional(),
    branch: z.string().optional(),
    verdict: z.enum(['accept', 'edit', 'override']).optional(),
  })
  .openapi('Task')

export const Incident = z
  .object({
    id: z.string(),
    instanceId: z.string(),
    workflowId: z.string(),
    nodeId: z.string(),
    error: z.string(),
    attempts: z.number().int(),
    status: z.enum(incidentStatuses),
    createdAt: Timestamp,
    resolvedAt: Timestamp.optional(),
    resolvedBy: z.string().optional(),
  })
  .openapi('Incident')

export const InstanceDetail = InstanceSummary.extend({
  data: JsonObject,
  state: z.unknown(),
  history: z.array(
    z.object({
      seq: z.number().int(),
      at: Timestamp,
      type: z.enum(historyEntryTypes).openapi({
        description: 'What happened: an event-log entry, or `entered` for each node a transition entered',
      }),
      nodeId: z.string().optional(),
      detail: JsonObject.optional(),
    }),
  ),
  openTasks: z.array(Task),
  openIncidents: z.array(Incident),
}).openapi('Instance')

export const ReasonBody = z
  .object({ reason: z.string().max(2000).optional() })
  .strict()
  .openapi('Reason')
