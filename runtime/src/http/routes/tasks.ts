import { createRoute } from '@hono/zod-openapi'
import { canSeeTask, taskActorOf, taskVisibilityOf } from '../../auth/task-access'
import { InvalidError } from '../../service/errors'
import type { ConveyorService } from '../../service/types'
import { ApiError } from '../errors'
import { bearer, createRouter, type Guards } from '../router'
import { errors, json, jsonBody, optionalJsonBody, pageOf } from '../schemas/common'
import { IdParam, ReasonBody, Task } from '../schemas/instances'
import { CompleteTaskBody, TaskQuery } from '../schemas/tasks'

const tags = ['Tasks']

const list = createRoute({
  method: 'get',
  path: '/api/tasks',
  tags,
  summary: 'List tasks by lane, assignee or status',
  description: 'Viewers and editors see open tasks and their own; operators and admins see all.',
  security: bearer,
  request: { query: TaskQuery },
  responses: { 200: json(pageOf(Task), 'A page of tasks'), ...errors() },
})

const get = createRoute({
  method: 'get',
  path: '/api/tasks/{id}',
  tags,
  summary: 'One task with its form and any suggestion',
  security: bearer,
  request: { params: IdParam },
  responses: { 200: json(Task, 'The task'), ...errors(404) },
})

const action = (path: 'claim' | 'release' | 'reject', summary: string) =>
  createRoute({
    method: 'post',
    path: `/api/tasks/{id}/${path}`,
    tags,
    summary,
    security: bearer,
    request: { params: IdParam, body: optionalJsonBody(ReasonBody) },
    responses: { 200: json(Task, 'The task afterwards'), ...errors(404, 409, 415) },
  })

const claim = action('claim', 'Claim an open task')
const release = action('release', 'Give a claimed task back to its lane')
const reject = action('reject', 'Reject the work: the step follows its rejection path')

const complete = createRoute({
  method: 'post',
  path: '/api/tasks/{id}/complete',
  tags,
  summary: 'Complete a task with its form data (and, for augmented steps, a verdict on the suggestion)',
  description: "400 with `details.fields` when the data does not fit the task's form; 409 the second time.",
  security: bearer,
  request: { params: IdParam, body: jsonBody(CompleteTaskBody) },
  responses: { 200: json(Task, 'The completed task'), ...errors(404, 409, 415) },
})

export function taskRoutes(service: ConveyorService, guards: Guards) {
  const router = createRouter()

  router.openapi({ ...list, middleware: guards.read }, async (c) => {
    const caller = c.get('caller')
    const query = c.req.valid('query')
    const assignee = query.assignee === 'me' ? caller.name : query.assignee
    // Filtered in the query, so a page is full even when most tasks belong to others.
    return c.json(await service.listTasks({ ...query, assignee, visibleTo: taskVisibilityOf(caller) }), 200)
  })

  router.openapi({ ...get, middleware: guards.read }, async (c) => {
    const { id } = c.req.valid('param')
    const task = await service.getTask(id)
    if (!canSeeTask(c.get('caller'), task)) {
      throw new ApiError(403, 'forbidden', `Task "${id}" belongs to ${task.assignee ?? 'someone else'}`)
    }
    return c.json(task, 200)
  })

  router.openapi({ ...claim, middleware: guards.work }, async (c) => {
    return c.json(await service.claimTask(c.req.valid('param').id, taskActorOf(c.get('caller'))), 200)
  })

  router.openapi({ ...release, middleware: guards.work }, async (c) => {
    return c.json(await service.releaseTask(c.req.valid('param').id, taskActorOf(c.get('caller'))), 200)
  })

  router.openapi({ ...complete, middleware: guards.work }, async (c) => {
    const { id } = c.req.valid('param')
    try {
      return c.json(await service.completeTask(id, c.req.valid('json'), taskActorOf(c.get('caller'))), 200)
    } catch (error) {
      // A form that does not fit is a bad request, like any other field-level input error.
      if (error instanceof InvalidError)
        throw new ApiError(400, 'invalid_form', error.message, { fields: error.errors })
      throw error
    }
  })

  router.openapi({ ...reject, middleware: guards.work }, async (c) => {
    const { reason } = c.req.valid('json')
    const actingAs = taskActorOf(c.get('caller'))
    return c.json(await service.rejectTask(c.req.valid('param').id, { reason }, actingAs), 200)
  })

  return router
}
