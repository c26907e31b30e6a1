import { z } from '@hono/zod-openapi'
import { Distribution, WeeklyHoursSchema, WhatIfScenario } from '@conveyor/shared'

/**
 * Items one request may simulate. The simulator runs on the server's main thread, and 20,000 items
 * of a twenty-step workflow take about a quarter of a second of CPU; larger runs belong in the
 * editor, which runs the same simulator in a worker.
 */
export const maxSimulationItems = 20_000

/** The longest period a calibration reads: a year of runs. */
export const maxCalibrationDays = 366

export const CalibrationPeriod = z
  .object({
    days: z
      .number()
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(maxCalibrationDays, `must be at most ${maxCalibrationDays}`)
      .openapi({ description: 'Runs of the last this many days', example: 30 }),
  })
  .strict()

export const SimulationRequest = z
  .object({
    scenario: WhatIfScenario.default({}).openapi({
      description:
        'What changes against the baseline (the workflow as its facts describe it): `volumeFactor`, ' +
        '`steps.<id>` (`mode`, `overrideRate`, `handlingTimeMinutes`, `machineMinutes`, `costPerItem`), ' +
        '`lanes.<id>` (`people`, `hours`), `sla.<id>` (a duration or `null`), `branches.<decision>.<branch>` ' +
        '(shares), `arrivalHours`. Empty: the baseline against itself.',
      example: { volumeFactor: 2, lanes: { tier2: { people: 8 } } },
    }),
    calibrateFromRuns: CalibrationPeriod.optional().openapi({
      description:
        "Fit arrivals, handling times, branch shares, failure and override rates to the workflow's runs " +
        'of the last `days` days, in place of its typed-in facts; anything observed fewer than 30 times ' +
        'keeps its fact. The answer says which figures came from where (`calibration`).',
    }),
    items: z
      .number()
      .int('must be a whole number')
      .min(100, 'must be at least 100')
      .max(maxSimulationItems, `must be at most ${maxSimulationItems.toLocaleString('en')}`)
      .default(10_000)
      .openapi({ description: `Items that arrive in each run (100–${maxSimulationItems})`, example: 10_000 }),
    seed: z
      .number()
      .int('must be a whole number')
      .min(0, 'must be 0 or more')
      .max(4_294_967_295, 'must fit in 32 bits')
      .default(1)
      .openapi({ description: 'The same seed gives the same outputs', example: 1 }),
  })
  .strict()
  .openapi('SimulationRequest')

const Lane = z.object({
  id: z.string(),
  name: z.string(),
  people: z.number(),
  utilisation: z.number().openapi({ description: "Busy share of the people's working time, 0..1" }),
  meanQueueLength: z.number(),
  meanWaitMinutes: z.number(),
})

const Step = z.object({
  id: z.string(),
  visitsPerItem: z.number(),
  meanWaitMinutes: z.number(),
  slaBreaches: z.number(),
})

const Assumption = z.object({
  node: z.string().optional(),
  lane: z.string().optional(),
  field: z.string().openapi({ example: 'facts.handlingTimeMinutes' }),
  message: z.string(),
})

export const SimulationOutputs = z
  .object({
    arrived: z.number(),
    ended: z.number(),
    unfinished: z.number(),
    leadTimeMinutes: z.object({ p50: z.number(), p90: z.number(), p99: z.number(), mean: z.number() }),
    throughputPerHour: z.number(),
    touchlessRate: z.number(),
    slaBreachRate: z.number(),
    costPerItem: z.number(),
    outcomes: z.object({
      completed: z.number(),
      rejected: z.number(),
      cancelled: z.number(),
      failed: z.number(),
    }),
    lanes: z.array(Lane),
    steps: z.array(Step),
    bottleneck: z.object({ lane: z.string(), name: z.string(), utilisation: z.number() }).optional(),
    verdict: z.string(),
    assumptions: z.array(Assumption),
  })
  .openapi('SimulationOutputs')

const CalibrationFigure = z.object({
  node: z.string().optional(),
  field: z.string().openapi({ example: 'facts.handlingTimeMinutes' }),
  source: z.enum(['runs', 'facts']),
  observations: z.number(),
  message: z.string().openapi({ example: 'Takes 21 min on average (mostly quick, with a long tail).' }),
})

export const CalibrationReport = z
  .object({
    days: z.number(),
    items: z.number().openapi({ description: 'Items started in the period' }),
    least: z.number().openapi({ description: 'Observations a figure needs to be taken from runs' }),
    figures: z.array(CalibrationFigure),
  })
  .openapi('CalibrationReport')

export const Calibration = z
  .object({
    volumePerWeek: z.number().optional(),
    arrivalHours: WeeklyHoursSchema.optional(),
    handling: z.record(z.string(), Distribution),
    branches: z.record(z.string(), z.record(z.string(), z.number())),
    failureRates: z.record(z.string(), z.number()),
    overrideRates: z.record(z.string(), z.number()),
    notes: z.array(Assumption),
    report: CalibrationReport,
  })
  .openapi('Calibration')

export const SimulationResult = z
  .object({
    baseline: SimulationOutputs,
    scenario: SimulationOutputs,
    volumeLimit: z
      .object({
        factor: z.number(),
        lane: z.string(),
        name: z.string(),
        becomes: z.enum(['bottleneck', 'overloaded']),
      })
      .optional(),
    calibration: CalibrationReport.optional().openapi({
      description: 'With `calibrateFromRuns`: which figures came from runs and which from the facts',
    }),
    verdict: z.string().openapi({
      example:
        'Tier 2 specialists stays the bottleneck at ×2 volume: busy 39% → 77% of their time. Half the items done within 3 days → 3 days, nine in ten within 9.1 days → 9.1 days.',
    }),
  })
  .openapi('SimulationResult')
