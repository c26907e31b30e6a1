import { z } from '@hono/zod-openapi'
import { defaultPilotMinItems, guardrailMetrics } from '@conveyor/shared/protocol/pilots'
import { Timestamp } from './common'

const Metric = z.enum(guardrailMetrics).openapi({
  description:
    'Over the items (instances) that ended on a version: `errorRate` share whose step failed for good or that stopped in an incident; ' +
    '`overrideRate` overridden / reviewed suggestions; `leadTimeP90` the 90th percentile of start-to-end time in ms; ' +
    '`slaBreachRate` share with a breached SLA; `fallbackRate` share with work that fell back to people',
})

export const Guardrail = z
  .object({
    metric: Metric,
    max: z.number().min(0).optional().openapi({ description: "The pilot's figure may be at most this" }),
    maxVsBaseline: z.number().positive().optional().openapi({
      description: "At most this many times the baseline's figure (1.2: at most 20% worse)",
      example: 1.2,
    }),
  })
  .strict()
  .refine((g) => (g.max === undefined) !== (g.maxVsBaseline === undefined), {
    message: 'must have exactly one of max and maxVsBaseline',
  })
  .openapi('Guardrail')

export const PilotSettings = z
  .object({
    share: z.number().min(0).max(1).optional().openapi({
      description: 'The share of new instances that go to the pilot, chosen per instance from its start key',
      example: 0.1,
    }),
    segment: z.string().min(1).max(2000).optional().openapi({
      description: 'JSONata over the start input; the instances for which it is `true` go to the pilot',
      example: 'region = "north"',
    }),
    guardrails: z.array(Guardrail).max(20),
    minItems: z
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .optional()
      .openapi({
        description: `Pilot items that must have ended before a breach rolls it back (default ${defaultPilotMinItems})`,
      }),
    until: z.iso.datetime({ offset: true }).optional().openapi({
      description: 'When the pilot ends without promotion',
    }),
  })
  .strict()
  .refine((p) => (p.share === undefined) !== (p.segment === undefined), {
    message: 'must have exactly one of share and segment',
  })
  .openapi('PilotSettings', {
    description:
      'A deployment that takes only a share or a segment of new instances while the rest stay on the current version',
  })

export const DeployBody = z
  .object({
    pilot: PilotSettings.optional().openapi({
      description: 'Start the deployment as a pilot beside the current version',
    }),
  })
  .strict()
  .openapi('Deploy')

const Figure = z.object({
  value: z.number().nullable().openapi({ description: 'Null while no item ended' }),
  items: z.number().int(),
})

export const PilotView = z
  .object({
    version: z.number().int(),
    baselineVersion: z.number().int(),
    share: z.number().optional(),
    segment: z.string().optional(),
    guardrails: z.array(Guardrail),
    minItems: z.number().int(),
    until: z.string().optional(),
    state: z.enum(['running', 'rolled-back', 'promoted', 'ended']),
    startedAt: Timestamp,
    startedBy: z.string(),
    endedAt: Timestamp.optional(),
    endedBy: z
      .string()
      .optional()
      .openapi({ description: '`system` for a breach or an `until` that passed' }),
    reason: z.string().optional(),
    comparison: z.array(
      z.object({
        metric: Metric,
        max: z.number().optional(),
        maxVsBaseline: z.number().optional(),
        pilot: Figure,
        baseline: Figure,
        breached: z.boolean().openapi({
          description:
            "The pilot's figure is over the limit; it is rolled back once `minItems` of its items ended",
        }),
      }),
    ),
  })
  .openapi('Pilot')

export const RollbackBody = z
  .object({ reason: z.string().max(500).optional() })
  .strict()
  .openapi('PilotRollback')
