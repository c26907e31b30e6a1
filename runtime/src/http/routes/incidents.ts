import { createRoute } from '@hono/zod-openapi'
import type { ConveyorService } from '../../service/types'
import { bearer, createRouter, type Guards } from '../router'
import { errors, json, optionalJsonBody, pageOf } from '../schemas/common'
import { IdParam, Incident } from '../schemas/instances'
import { IncidentQuery, SkipIncidentBody } from '../schemas/tasks'

const tags = ['Incidents']

const list = createRoute({
  method: 'get',
  path: '/api/incidents',
  tags,
  summary: 'Steps that failed with no exception path to follow',
  security: bearer,
  request: { query: IncidentQuery },
  responses: { 200: json(pageOf(Incident), 'A page of incidents'), ...errors() },
})

const get = createRoute({
  method: 'get',
  path: '/api/incidents/{id}',
  tags,
  summary: 'One incident',
  security: bearer,
  request: { params: IdParam },
  responses: { 200: json(Incident, 'The incident'), ...errors(404) },
})

const resolution = (path: 'retry' | 'skip' | 'cancel', summary: string) =>
  createRoute({
    method: 'post',
    path: `/api/incidents/{id}/${path}`,
    tags,
    summary,
    security: bearer,
    request: { params: IdParam, body: optionalJsonBody(SkipIncidentBody) },
    responses: { 200: json(Incident, 'The resolved incident'), ...errors(404, 409, 415) },
  })

const retry = resolution('retry', 'Run the failed step again')
const skip = resolution('skip', 'Go on as if the step had succeeded, with an optional `result`')
const cancel = resolution('cancel', 'Cancel the instance')

export function incidentRoutes(service: ConveyorService, guards: Guards) {
  const router = createRouter()

  router.openapi({ ...list, middleware: guards.read }, async (c) => {
    return c.json(await service.listIncidents(c.req.valid('query')), 200)
  })

  router.openapi({ ...get, middleware: guards.read }, async (c) => {
    return c.json(await service.getIncident(c.req.valid('param').id), 200)
  })

  router.openapi({ ...retry, middleware: guards.operate }, async (c) => {
    return c.json(await service.retryIncident(c.req.valid('param').id, c.get('caller').actor), 200)
  })

  router.openapi({ ...skip, middleware: guards.operate }, async (c) => {
    const { result } = c.req.valid('json')
    const incident = await service.skipIncident(c.req.valid('param').id, {
      result,
      by: c.get('caller').actor,
    })
    return c.json(incident, 200)
  })

  router.openapi({ ...cancel, middleware: guards.operate }, async (c) => {
    return c.json(await service.cancelIncident(c.req.valid('param').id, c.get('caller').actor), 200)
  })

  return router
}
