import { z } from '@hono/zod-openapi'
import { secretNamePattern } from '@conveyor/shared'
import { roles } from '../../auth/roles'
import { secretValueLimits } from '../../secrets/secret-store'
import { Cursor, Limit, Timestamp } from './common'

export const AuditQuery = z.object({
  instanceId: z.string().max(200).optional(),
  workflowId: z.string().max(64).optional(),
  actor: z.string().max(200).optional().openapi({ example: 'user:alice' }),
  action: z.string().max(100).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
  limit: Limit,
  cursor: Cursor,
})

export const AuditEntry = z
  .object({
    seq: z.number().int(),
    at: Timestamp,
    actor: z.string(),
    action: z.string(),
    workflowId: z.string().optional(),
    instanceId: z.string().optional(),
    nodeId: z.string().optional(),
    detail: z.record(z.string(), z.unknown()).optional(),
    prevHash: z.string(),
    hash: z.string(),
  })
  .openapi('AuditEntry')

export const AuditVerification = z
  .union([
    z.object({ ok: z.literal(true), checked: z.number().int(), lastHash: z.string() }),
    z.object({
      ok: z.literal(false),
      checked: z.number().int(),
      brokenAt: z.number().int(),
      reason: z.string(),
    }),
  ])
  .openapi('AuditVerification')

const Quantiles = z.object({ p50: z.number().nullable(), p90: z.number().nullable() })

const count = (description: string) => z.number().int().nonnegative().openapi({ description })
const share = (description: string) => z.number().nullable().openapi({ description })

const StepMetrics = z
  .object({
    nodeId: z.string(),
    label: z.string(),
    kind: z.string(),
    started: count('Executions that started'),
    completed: count('Executions that completed'),
    rejected: count("Executions ended by a person's rejection"),
    failed: count('Executions ended by an error (not by an SLA)'),
    cancelled: count("Executions left unfinished: the item cancelled, or the SLA's timeout path taken"),
    inProgress: count('Executions open now'),
    slaBreaches: count('SLA timers that ran out'),
    handlingTimeMs: Quantiles.openapi({
      description: 'Entering to finishing, less the time the task waited',
    }),
    waitingTimeMs: Quantiles.openapi({ description: "A person's task: created to claimed" }),
    byPerson: count('Executions a person handled'),
    byMachine: count('Executions a machine did in place of a person'),
    automationShare: share('byMachine / (byMachine + byPerson)'),
    overrideRate: share('Share of assistant suggestions people overrode'),
    assistantFallbacks: count('Suggestions the assistant could not give'),
    autoApplied: count("Suggestions applied without a person under the step's autonomy"),
    doneByFallback: count('Executions people did by hand while the step was switched to manual'),
    cost: z
      .number()
      .nullable()
      .openapi({ description: "People's executions' cost, in the workflow's currency" }),
  })
  .openapi('StepMetrics')

export const WorkflowMetrics = z
  .object({
    workflowId: z.string(),
    currency: z.string().openapi({ description: 'ISO 4217 code of every cost', example: 'EUR' }),
    started: count('Items started'),
    completed: count('Items that ended completed'),
    rejected: count('Items that ended rejected'),
    failed: count('Items that ended failed'),
    cancelled: count('Items that ended cancelled'),
    ended: count('Items that ended, whatever the outcome'),
    inProgress: count('Items not yet ended'),
    leadTimeMs: Quantiles.openapi({ description: 'Items that ended: start to end' }),
    touchTimeMs: Quantiles.openapi({ description: "Items that ended: people's handling time" }),
    waitingTimeMs: Quantiles.openapi({
      description: 'Items that ended: time their tasks waited for a person',
    }),
    processCycleEfficiency: share('Total touch time / total lead time of the items that ended'),
    touchlessRate: share('Share of ended items no person handled'),
    automationShare: share("Machine executions in place of a person / (those + people's)"),
    reworkRate: share('Share of ended items that visited a step twice'),
    overrideRate: share('Share of assistant suggestions people overrode'),
    slaBreaches: count('SLA timers that ran out'),
    cost: z.number().nullable().openapi({ description: 'What the items that ended cost' }),
    costPerItem: z.number().nullable().openapi({ description: 'cost / ended' }),
    steps: z.record(z.string(), StepMetrics),
  })
  .openapi('WorkflowMetrics')

export const MetricsQuery = z.object({
  deploymentId: z.string().max(100).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
})

export const ApiToken = z
  .object({
    id: z.string(),
    name: z.string(),
    role: z.enum(roles),
    createdAt: Timestamp,
    createdBy: z.string(),
    revokedAt: Timestamp.optional(),
    lastUsedAt: Timestamp.optional(),
  })
  .openapi('Token')

export const CreateTokenBody = z
  .object({
    name: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$/, 'use letters, digits, ".", "_", "@" and "-" (100 at most)')
      .openapi({ example: 'alice' }),
    role: z.enum(roles),
  })
  .strict()
  .openapi('CreateToken')

export const CreatedToken = z
  .object({ token: ApiToken, secret: z.string().openapi({ description: 'Shown once; store it now' }) })
  .openapi('CreatedToken')

const secretNameRule =
  'must start with a letter and hold only letters, digits and "_" (64 characters at most)'
const SecretName = z.string().regex(secretNamePattern, secretNameRule).openapi({ example: 'PAYOUT_API_KEY' })
const SecretValue = z
  .string()
  .min(secretValueLimits.min)
  .max(secretValueLimits.max)
  .openapi({ description: 'Sealed at rest and never sent back by any route' })

export const SecretSummary = z
  .object({ name: z.string(), createdAt: Timestamp, updatedAt: Timestamp, updatedBy: z.string() })
  .openapi('Secret')

export const CreateSecretBody = z
  .object({ name: SecretName, value: SecretValue })
  .strict()
  .openapi('CreateSecret')
export const ReplaceSecretBody = z.object({ value: SecretValue }).strict().openapi('ReplaceSecret')
export const SecretNameParam = z.object({ name: SecretName.openapi({ param: { name: 'name', in: 'path' } }) })
