import { createRoute } from '@hono/zod-openapi'
import type { ConveyorService } from '../../service/types'
import { bearer, createRouter, type Guards } from '../router'
import { AuditEntry, AuditQuery, AuditVerification } from '../schemas/admin'
import { errors, json, pageOf } from '../schemas/common'

const tags = ['Audit']

const list = createRoute({
  method: 'get',
  path: '/api/audit',
  tags,
  summary: 'The audit log: who did what, when',
  security: bearer,
  request: { query: AuditQuery },
  responses: { 200: json(pageOf(AuditEntry), 'A page of audit entries'), ...errors() },
})

const verify = createRoute({
  method: 'get',
  path: '/api/audit/verify',
  tags,
  summary: "Check the audit log's hash chain end to end",
  security: bearer,
  responses: {
    200: json(AuditVerification, 'Whether the chain is intact, and where it breaks'),
    ...errors(),
  },
})

export function auditRoutes(service: ConveyorService, guards: Guards) {
  const router = createRouter()
  router.openapi({ ...list, middleware: guards.operate }, async (c) => {
    return c.json(await service.listAudit(c.req.valid('query')), 200)
  })
  router.openapi({ ...verify, middleware: guards.operate }, async (c) => {
    return c.json(await service.verifyAudit(), 200)
  })
  return router
}
