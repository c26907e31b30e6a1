import { createRoute } from '@hono/zod-openapi'
import { checkScenario, compareScenario } from '@conveyor/shared'
import type { ConveyorService } from '../../service/types'
import { ApiError, describeFields, fieldErrors, validationError, type FieldError } from '../errors'
import { bearer, createRouter, type Guards } from '../router'
import { errors, json, jsonBody } from '../schemas/common'
import { SimulationRequest, SimulationResult } from '../schemas/simulations'
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
    'The same request always gives the same answer. A scenario naming a step, lane, decision or branch the ' +
    'workflow does not have, or a body out of its limits, is a 422 with `details.fields`.',
  security: bearer,
  request: { params: WorkflowIdParam, body: jsonBody(SimulationRequest) },
  responses: {
    200: json(SimulationResult, 'Baseline and scenario, and the verdict'),
    ...errors(404, 415, 422),
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
      const { scenario, items, seed } = c.req.valid('json')
      const { document } = await service.getWorkflow(id)
      const checked = checkScenario(document, scenario)
      if (!checked.ok)
        throw invalid(checked.problems.map((problem) => ({ ...problem, path: `scenario.${problem.path}` })))
      return c.json(compareScenario(document, checked.scenario, { items, seed }), 200)
    },
    // The body's content, not its form, is what is wrong here: a 422 naming each field.
    (result) => {
      if (result.success) return undefined
      throw result.target === 'json'
        ? invalid(fieldErrors(result.error))
        : validationError(result.error, result.target)
    },
  )
  return router
}
