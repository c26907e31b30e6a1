import { createRoute, z } from '@hono/zod-openapi'
import { ConflictError } from '../../service/errors'
import type { ConveyorService, WorkflowRecord } from '../../service/types'
import { ApiError } from '../errors'
import { createRouter, bearer, type Guards } from '../router'
import { errors, json, jsonBody } from '../schemas/common'
import {
  CreateWorkflowBody,
  UpdateWorkflowBody,
  WorkflowIdParam,
  WorkflowRecord as WorkflowSchema,
  WorkflowSummary,
} from '../schemas/workflows'
import { blankDocument, slugify, type ExampleCatalog } from '../examples-catalog'

const tags = ['Workflows']

const list = createRoute({
  method: 'get',
  path: '/api/workflows',
  tags,
  summary: 'List workflows',
  security: bearer,
  responses: {
    200: json(z.object({ items: z.array(WorkflowSummary) }), 'The stored workflows'),
    ...errors(),
  },
})

const create = createRoute({
  method: 'post',
  path: '/api/workflows',
  tags,
  summary: 'Create a workflow: blank, from an example, or from an uploaded document',
  security: bearer,
  request: { body: jsonBody(CreateWorkflowBody) },
  responses: { 201: json(WorkflowSchema, 'The new workflow'), ...errors(404, 409, 413, 415, 422) },
})

const get = createRoute({
  method: 'get',
  path: '/api/workflows/{id}',
  tags,
  summary: 'Get a workflow with its document',
  security: bearer,
  request: { params: WorkflowIdParam },
  responses: { 200: json(WorkflowSchema, 'The workflow'), ...errors(404) },
})

const update = createRoute({
  method: 'put',
  path: '/api/workflows/{id}',
  tags,
  summary: "Replace a workflow's document",
  security: bearer,
  request: { params: WorkflowIdParam, body: jsonBody(UpdateWorkflowBody) },
  responses: { 200: json(WorkflowSchema, 'The saved workflow'), ...errors(404, 409, 413, 415, 422) },
})

const remove = createRoute({
  method: 'delete',
  path: '/api/workflows/{id}',
  tags,
  summary: 'Delete a workflow with its runtime policy and pending work; its history stays',
  description:
    'Removes, in one transaction with the `workflow.deleted` audit entry: steps switched to manual, ' +
    'autonomy levels, reviews and proposals, learnt classifiers, schedules, webhook secrets, seen ' +
    'delivery ids and idempotency keys, and deploy requests waiting for approval, so a workflow made ' +
    'later under the same id starts from its document’s defaults. Kept as evidence: the audit log, ' +
    'the event log, instances with their tasks and incidents, deployments (retired: a workflow made ' +
    'later under the id runs only what it deploys, numbered after them), decided deploy requests, ' +
    'pilots and metrics. The audit entry’s `detail.removed` counts what went; `detail.kept` names what stays.',
  security: bearer,
  request: { params: WorkflowIdParam },
  responses: { 204: { description: 'Deleted' }, ...errors(404) },
})

/** Creating without choosing an id picks a free one by counting up: `order-to-cash-2`. */
export async function createWithFreeId(
  service: ConveyorService,
  document: Record<string, unknown> & { id: string },
  idWasChosen: boolean,
  by: string,
): Promise<WorkflowRecord> {
  for (let attempt = 1; ; attempt++) {
    const id = attempt === 1 ? document.id : `${document.id.slice(0, 60)}-${attempt}`
    try {
      return await service.createWorkflow({ ...document, id }, by)
    } catch (error) {
      if (!(error instanceof ConflictError) || idWasChosen || attempt >= 50) throw error
    }
  }
}

export function workflowRoutes(
  service: ConveyorService,
  guards: Guards,
  examples: ExampleCatalog,
  /** Where a `PUT` goes: the live document when there is one (`AppDeps.saveWorkflow`). */
  saveWorkflow: ConveyorService['updateWorkflow'],
) {
  const router = createRouter()

  router.openapi({ ...list, middleware: guards.read }, async (c) => {
    return c.json({ items: await service.listWorkflows() }, 200)
  })

  router.openapi({ ...create, middleware: guards.design }, async (c) => {
    const body = c.req.valid('json')
    const by = c.get('caller').actor
    let record: WorkflowRecord
    if (body.document !== undefined) {
      const uploaded = body.document
      record =
        typeof uploaded.id === 'string'
          ? await createWithFreeId(service, { ...uploaded, id: uploaded.id }, false, by)
          : await service.createWorkflow(uploaded, by)
    } else if (body.fromExample !== undefined) {
      const example = examples.find(body.fromExample)
      if (!example) {
        throw new ApiError(404, 'not_found', `Example "${body.fromExample}" was not found`, {
          field: 'fromExample',
        })
      }
      const { document } = example
      const copy = {
        ...document,
        id: body.id ?? document.id,
        name: body.name ?? document.name,
        description: body.description ?? document.description,
      }
      record = await createWithFreeId(service, copy, body.id !== undefined, by)
    } else {
      const name = body.name ?? 'Untitled workflow'
      const document = blankDocument(body.id ?? slugify(name), name, body.description)
      record = await createWithFreeId(service, document, body.id !== undefined, by)
    }
    return c.json(record, 201)
  })

  router.openapi({ ...get, middleware: guards.read }, async (c) => {
    return c.json(await service.getWorkflow(c.req.valid('param').id), 200)
  })

  router.openapi({ ...update, middleware: guards.design }, async (c) => {
    const { id } = c.req.valid('param')
    const { document, expectedRevision } = c.req.valid('json')
    const record = await saveWorkflow(id, document, { expectedRevision, by: c.get('caller').actor })
    return c.json(record, 200)
  })

  router.openapi({ ...remove, middleware: guards.design }, async (c) => {
    await service.deleteWorkflow(c.req.valid('param').id, c.get('caller').actor)
    return c.body(null, 204)
  })

  return router
}
