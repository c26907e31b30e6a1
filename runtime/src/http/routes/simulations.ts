import { createRoute } from '@hono/zod-openapi'
import { checkScenario, compareScenario } from '@conveyor/shared'
import type { ConveyorService } from '../../service/types'
import { ApiError, describeFields, fieldErrors, validationError, type FieldError } from '../errors'
import { bearer, createRouter, type Guards } from '../router'
import { errors, json, jsonBody } from '../schemas/common'
import { z } from '@hono/zod-openapi'
import { Calibration, CalibrationPeriod, SimulationRequest, SimulationResult } from '../schemas/simulations'
import { WorkflowIdParam } from '../schemas/workflows'

const simulate = createRoute({
  method: 'post',
  path: '/api/workflows/{id}/simulations',
  tags: ['Metrics'],
  summary:
    'What if: the stored workflow simulated as its facts describe it and under a scenario, side by side',
  description:
    'Runs the same items (same seed) through the baseline and the scenario and answers both outputs ' +
    '(lead time p50/p90/p99, throughput, utilisation and queue per lane, SLA breach rate, cost per item, ' +
    'touchless rate, the bottleneck lane), the facts each had to assume, and a verdict in plain words. ' +
    'With `calibrateFromRuns`, both run on figures fitted to the last days of runs (see ' +
    '`GET /api/workflows/{id}/calibration`) and the answer says which came from runs. ' +
    'The same request always gives the same answer. A scenario naming a step, lane, decision or branch the ' +
    'workflow does not have, or a body out of its limits, is a 422 with `details.fields`.',
  security: bearer,
  request: { params: WorkflowIdParam, body: jsonBody(SimulationRequest) },
  responses: {
    200: json(SimulationResult, 'Baseline and scenario, and the verdict'),
    ...errors(404, 415, 422),
  },
})

const calibration = createRoute({
  method: 'get',
  path: '/api/workflows/{id}/calibration',
  tags: ['Metrics'],
  summary: "The simulator's figures fitted to the workflow's runs of the last days",
  description:
    'Arrivals (a week’s volume, and weekly hours where runs show them), handling-time distributions ' +
    'fitted to observed durations (a person: claimed to answered; a machine: entered to result), ' +
    'branch shares, failure and override rates, from the runs of the last `days` days. A figure ' +
    'observed fewer than 30 times is left to the typed-in facts; `report.figures` says which is which. ' +
    "The editor's What if tab simulates with it.",
  security: bearer,
  request: {
    params: WorkflowIdParam,
    query: z.object({ days: z.coerce.number().pipe(CalibrationPeriod.shape.days) }),
  },
  responses: {
    200: json(Calibration, 'The fitted figures and where each came from'),
    ...errors(400, 404),
  },
})

function invalid(fields: FieldError[]): ApiError {
  return new ApiError(422, 'invalid_simulation', `Cannot simulate: ${describeFields(fields)}`, { fields })
}

export function simulationRoutes(service: ConveyorService, guards: Guards) {
  const router = createRouter()
  router.openapi(
    { ...simulate, middleware: guards.read },
    async (c) => {
      const { id } = c.req.valid('param')
      const { scenario, items, seed, calibrateFromRuns } = c.req.valid('json')
      const { document } = await service.getWorkflow(id)
      const checked = checkScenario(document, scenario)
      if (!checked.ok)
        throw invalid(checked.problems.map((problem) => ({ ...problem, path: `scenario.${problem.path}` })))
      const fitted = calibrateFromRuns && (await service.calibrateFromRuns(id, calibrateFromRuns.days))
      return c.json(
        compareScenario(document, checked.scenario, { items, seed, ...(fitted && { calibration: fitted }) }),
        200,
      )
    },
    // The body's content, not its form, is what is wrong here: a 422 naming each field.
    (result) => {
      if (result.success) return undefined
      throw result.target === 'json'
        ? invalid(fieldErrors(result.error))
        : validationError(result.error, result.target)
    },
  )
  router.openapi({ ...calibration, middleware: guards.read }, async (c) => {
    const { id } = c.req.valid('param')
    const { days } = c.req.valid('query')
    return c.json(await service.calibrateFromRuns(id, days), 200)
  })
  return router
}
