import { z } from '@hono/zod-openapi'
import { trendBuckets } from '@conveyor/shared/protocol/metric-trends'
import { maxTrendBuckets } from '../../metrics/trend-window'
import { Timestamp } from './common'

export const trendFormats = ['json', 'csv'] as const

// Checked by the service, so that a wrong value is answered 422 naming the parameter.
export const TrendsQuery = z.object({
  bucket: z
    .string()
    .max(20)
    .optional()
    .openapi({
      enum: [...trendBuckets],
      description:
        'Group items by the UTC day or the ISO week (from Monday 00:00 UTC) they ended in; `day` by default',
    }),
  from: z
    .string()
    .max(40)
    .optional()
    .openapi({
      description: `ISO 8601 instant, widened to the start of its bucket; by default 30 days or 12 weeks before \`to\`. At most ${maxTrendBuckets} buckets`,
      example: '2026-03-01T00:00:00Z',
    }),
  to: z.string().max(40).optional().openapi({
    description:
      'ISO 8601 instant (exclusive), widened to the end of its bucket; by default the bucket holding now',
    example: '2026-03-31T00:00:00Z',
  }),
  format: z
    .string()
    .max(10)
    .optional()
    .openapi({
      enum: [...trendFormats],
      description: '`csv` answers the same rows as CSV with a header row (as does `Accept: text/csv`)',
    }),
})

const nullableFigure = z.number().nullable()

const TrendRow = z
  .object({
    start: Timestamp.openapi({ description: "The bucket's first instant (UTC)" }),
    items: z
      .number()
      .int()
      .openapi({ description: 'Items that ended in the bucket, whatever their outcome' }),
    leadTimeP50Ms: nullableFigure,
    leadTimeP90Ms: nullableFigure,
    touchlessRate: nullableFigure.openapi({ description: 'Share of the items no person touched, 0..1' }),
    overrideRate: nullableFigure.openapi({
      description: "Share of people's verdicts that overrode the assistant",
    }),
    slaBreaches: z.number().int(),
    costPerItem: nullableFigure.openapi({ description: "People's handling cost of the items, per item" }),
  })
  .openapi('TrendRow')

export const WorkflowTrends = z
  .object({
    workflowId: z.string(),
    bucket: z.enum(trendBuckets),
    from: Timestamp,
    to: Timestamp,
    currency: z.string().optional(),
    rows: z.array(TrendRow),
  })
  .openapi('WorkflowTrends')
