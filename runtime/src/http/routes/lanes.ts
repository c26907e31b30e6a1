import { createRoute, z } from '@hono/zod-openapi'
import type { ConveyorService } from '../../service/types'
import { bearer, createRouter, type Guards } from '../router'
import { errors, json, jsonBody } from '../schemas/common'

const tags = ['Lanes']
const LaneParam = z.object({ lane: z.string().min(1).max(64).openapi({ description: 'The lane id' }) })
const MemberParam = LaneParam.extend({ name: z.string().min(1).max(200) })
const Members = z
  .object({ lane: z.string(), members: z.array(z.string()) })
  .openapi('LaneMembers', { description: 'Who works in a lane; none means it is open to every editor' })
const AddMember = z
  .object({
    name: z.string().min(1).max(200).openapi({ description: "The person's name, as on their token" }),
  })
  .strict()
  .openapi('AddLaneMember')

const list = createRoute({
  method: 'get',
  path: '/api/lanes/{lane}/members',
  tags,
  summary: 'The people who work in a lane',
  security: bearer,
  request: { params: LaneParam },
  responses: { 200: json(Members, 'The members'), ...errors(422) },
})

const add = createRoute({
  method: 'post',
  path: '/api/lanes/{lane}/members',
  tags,
  summary: "Make a person a member of a lane: the lane's tasks become theirs (audited)",
  security: bearer,
  request: { params: LaneParam, body: jsonBody(AddMember) },
  responses: { 200: json(Members, 'The members'), ...errors(415, 422) },
})

const remove = createRoute({
  method: 'delete',
  path: '/api/lanes/{lane}/members/{name}',
  tags,
  summary: 'Take a person out of a lane (audited)',
  security: bearer,
  request: { params: MemberParam },
  responses: { 200: json(Members, 'The members'), ...errors(422) },
})

export function laneRoutes(service: ConveyorService, guards: Guards) {
  const router = createRouter()
  router.openapi({ ...list, middleware: guards.operate }, async (c) => {
    const { lane } = c.req.valid('param')
    return c.json({ lane, members: await service.listLaneMembers(lane) }, 200)
  })
  router.openapi({ ...add, middleware: guards.administer }, async (c) => {
    const { lane } = c.req.valid('param')
    const members = await service.addLaneMember(lane, c.req.valid('json').name, c.get('caller').actor)
    return c.json({ lane, members }, 200)
  })
  router.openapi({ ...remove, middleware: guards.administer }, async (c) => {
    const { lane, name } = c.req.valid('param')
    return c.json({ lane, members: await service.removeLaneMember(lane, name, c.get('caller').actor) }, 200)
  })
  return router
}
