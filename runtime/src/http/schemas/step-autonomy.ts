import { z } from '@hono/zod-openapi'
import { Timestamp } from './common'
import { WorkflowIdParam } from './workflows'

export const StepParams = WorkflowIdParam.extend({
  nodeId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'nodeId', in: 'path' }, description: 'The augment step’s node id' }),
})

const Level = z.enum(['suggest', 'auto-apply', 'automate'])
const Share = z.number().min(0).max(1)

export const SetStepAutonomy = z
  .object({
    level: Level.openapi({
      description:
        '`suggest`: a person reviews every suggestion; `auto-apply`: applied without a person at or above the threshold, a sampled share still reviewed; `automate`: applied whatever the confidence, the sampled share still reviewed',
    }),
    threshold: Share.optional().openapi({
      description: 'The confidence (0..1) from which a suggestion is applied; the one in force when left out',
    }),
  })
  .strict()
  .openapi('SetStepAutonomy')

const AutonomyFigures = z
  .object({
    window: z.number().int(),
    reviewed: z.number().int(),
    accepted: z.number().int(),
    accuracy: z.number().nullable(),
    sampledReviewed: z.number().int(),
    sampledOverrides: z.number().int(),
  })
  .openapi('AutonomyFigures', {
    description:
      'Accuracy (accepted as suggested / reviewed) over the latest `window` reviews, and the overrides among the latest sampled reviews since the level was set',
  })

export const StepAutonomyView = z
  .object({
    workflowId: z.string(),
    nodeId: z.string(),
    level: Level,
    threshold: z.number(),
    source: z.enum(['document', 'policy']),
    setAt: Timestamp.nullable(),
    setBy: z.string().nullable(),
    settings: z.object({
      level: Level,
      threshold: Share,
      sampleShare: Share,
      belowThreshold: z.union([z.enum(['prefill', 'no-prefill']), z.object({ lane: z.string() })]),
      promotion: z.object({ accuracy: Share, minReviewed: z.number().int() }),
      demotion: z.object({ accuracy: Share, overrides: z.number().int(), ofSampled: z.number().int() }),
    }),
    figures: AutonomyFigures,
    proposal: z
      .object({
        id: z.string(),
        level: Level,
        threshold: z.number(),
        figures: AutonomyFigures,
        proposedAt: Timestamp,
      })
      .nullable(),
  })
  .openapi('StepAutonomy', {
    description:
      "An augment step's autonomy: the level in force, the document's settings, the figures and a pending promotion proposal",
  })
