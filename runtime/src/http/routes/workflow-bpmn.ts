import { createRoute, z } from '@hono/zod-openapi'
import { BpmnInputError, exportBpmn, importBpmn, type BpmnInputProblem } from '@conveyor/shared/bpmn'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { InvalidError } from '../../service/errors'
import type { ConveyorService } from '../../service/types'
import { ApiError } from '../errors'
import { bpmnMediaTypes } from '../request-guards'
import { createRouter, bearer, type Guards } from '../router'
import { errors, json } from '../schemas/common'
import { ImportedWorkflow, WorkflowIdParam } from '../schemas/workflows'
import { createWithFreeId } from './workflows'

const tags = ['Workflows']

const importRoute = createRoute({
  method: 'post',
  path: '/api/workflows/import',
  tags,
  summary: 'Create a workflow from a BPMN 2.0 file',
  description:
    'Reads BPMN 2.0 XML (as Camunda Modeler, Signavio or Conveyor write it) into a new workflow and ' +
    'reports every element that was approximated or dropped, by BPMN id, with a hint. Files over 5 MiB, ' +
    'nested over 64 levels, with a DOCTYPE, not XML or not BPMN are refused and nothing is stored.',
  security: bearer,
  request: {
    body: {
      required: true,
      content: Object.fromEntries(
        bpmnMediaTypes.map((type) => [type, { schema: z.string().openapi({ format: 'xml' }) }]),
      ),
    },
  },
  responses: {
    201: json(ImportedWorkflow, 'The new workflow and what became of each BPMN element'),
    ...errors(413, 415, 422),
  },
})

const exportFormats = ['bpmn'] as const

const exportRoute = createRoute({
  method: 'get',
  path: '/api/workflows/{id}/export',
  tags,
  summary: 'Download a workflow as BPMN 2.0',
  description:
    'BPMN 2.0 XML with DI (positions, lanes, waypoints), as bpmn-js and Camunda Modeler read it; what BPMN ' +
    'has no place for (modes, forms, connectors) is kept in the `conveyor:` extension, so importing the file ' +
    'gives the same workflow back.',
  security: bearer,
  request: {
    params: WorkflowIdParam,
    query: z.object({
      format: z.string().optional().openapi({ description: 'The file format: `bpmn`', example: 'bpmn' }),
    }),
  },
  responses: {
    200: { description: 'The BPMN file', content: { 'application/bpmn+xml': { schema: z.string() } } },
    ...errors(404, 422),
  },
})

const refusals: Record<BpmnInputProblem, { status: ContentfulStatusCode; code: string }> = {
  'too-large': { status: 413, code: 'body_too_large' },
  'too-deep': { status: 422, code: 'too_deep' },
  'too-many-elements': { status: 422, code: 'too_many_elements' },
  doctype: { status: 422, code: 'doctype_refused' },
  'not-xml': { status: 422, code: 'not_xml' },
  'not-bpmn': { status: 422, code: 'not_bpmn' },
}

/** BPMN 2.0 in (and out) of the workflow store. */
export function workflowBpmnRoutes(service: ConveyorService, guards: Guards) {
  const router = createRouter()

  router.openapi({ ...importRoute, middleware: guards.design }, async (c) => {
    const type = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase()
    if (!type || !bpmnMediaTypes.includes(type)) {
      throw new ApiError(
        415,
        'unsupported_media_type',
        'Send the BPMN 2.0 file as XML (Content-Type: application/bpmn+xml or application/xml)',
      )
    }
    const xml = await c.req.text()
    const imported = await importBpmn(xml).catch((error: unknown) => {
      if (!(error instanceof BpmnInputError)) throw error
      const { status, code } = refusals[error.problem]
      throw new ApiError(status, code, error.message, error.where)
    })
    const workflow = await createWithFreeId(service, imported.document, false, c.get('caller').actor)
    return c.json({ workflow, report: imported.report }, 201)
  })

  router.openapi({ ...exportRoute, middleware: guards.read }, async (c) => {
    const { id } = c.req.valid('param')
    const { format } = c.req.valid('query')
    if (!(exportFormats as readonly string[]).includes(format ?? '')) {
      const message = `must be ${exportFormats.map((known) => `"${known}"`).join(' or ')}`
      throw new InvalidError(`"format" ${message}`, [{ path: 'format', message }])
    }
    const { document } = await service.getWorkflow(id)
    return c.body(await exportBpmn(document), 200, {
      'Content-Type': 'application/bpmn+xml; charset=utf-8',
      'Content-Disposition': `attachment; filename="${id}.bpmn"`,
    })
  })

  return router
}
