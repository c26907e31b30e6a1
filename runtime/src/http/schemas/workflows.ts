import { z } from '@hono/zod-openapi'
import { Id, WorkflowDocument } from '@conveyor/shared'
import { JsonObject, Timestamp } from './common'

export const WorkflowIdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'order-to-cash' }),
})

const DeploymentRef = z.object({ id: z.string(), version: z.number().int(), deployedAt: Timestamp })

export const WorkflowSummary = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().optional(),
    owner: z.string().optional(),
    valueStream: z.string().optional(),
    nodeCount: z.number().int(),
    revision: z.number().int(),
    updatedAt: Timestamp,
    latestDeployment: DeploymentRef.optional(),
  })
  .openapi('WorkflowSummary')

/** Documents are checked by the shared model inside the service, which names every wrong path. */
const DocumentJson = JsonObject.openapi({ description: 'A workflow document (see the shared model)' })

export const WorkflowRecord = WorkflowSummary.extend({
  document: WorkflowDocument,
  createdAt: Timestamp,
}).openapi('Workflow')

export const CreateWorkflowBody = z
  .object({
    name: z.string().min(1).max(200).optional(),
    id: Id.optional(),
    description: z.string().max(10_000).optional(),
    fromExample: z.string().min(1).max(100).optional(),
    document: DocumentJson.optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.document !== undefined) {
      for (const key of ['name', 'id', 'description', 'fromExample'] as const) {
        if (body[key] !== undefined) {
          ctx.addIssue({ code: 'custom', path: [key], message: 'leave it out when uploading a document' })
        }
      }
    } else if (body.fromExample === undefined && body.name === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['name'],
        message: 'name the new workflow (or send fromExample, or an uploaded document)',
      })
    }
  })
  .openapi('CreateWorkflow', {
    description:
      'One of: `{name, id?, description?}` starts a blank workflow; `{fromExample, id?, name?, description?}` ' +
      'copies an example; `{document}` stores an uploaded document. Without `id`, a free one is made from the name.',
  })

export const UpdateWorkflowBody = z
  .object({
    document: DocumentJson,
    expectedRevision: z
      .number()
      .int()
      .min(0)
      .optional()
      .openapi({ description: 'The revision you edited; a 409 `stale_revision` when someone saved since' }),
  })
  .strict()
  .openapi('UpdateWorkflow')

export const ExampleSummary = z
  .object({
    slug: z.string().openapi({ example: 'order-to-cash' }),
    title: z.string(),
    summary: z.string(),
    name: z.string(),
    description: z.string().optional(),
    valueStream: z.string().optional(),
    nodeCount: z.number().int(),
    document: WorkflowDocument,
  })
  .openapi('Example')

export const Diagnostic = z
  .object({
    code: z.string(),
    severity: z.enum(['error', 'warning', 'info']),
    level: z.enum(['map', 'run']).openapi({
      description:
        '`map`: the flow is not whole (it cannot be a complete map); `run`: something to set up before it runs',
    }),
    nodeId: z.string().optional(),
    edgeId: z.string().optional(),
    path: z
      .array(z.union([z.string(), z.number()]))
      .openapi({ description: 'Where in the document, e.g. ["nodes", 2, "data", "lane"]' }),
    message: z.string(),
    hint: z.string(),
    position: z
      .object({ offset: z.number().int(), line: z.number().int(), column: z.number().int() })
      .optional()
      .openapi({ description: 'Where inside a text (JSON or an expression) the problem is' }),
  })
  .openapi('Diagnostic')

export const DeploymentSummary = z
  .object({
    id: z.string().openapi({ example: 'order-to-cash@3' }),
    workflowId: z.string(),
    version: z.number().int(),
    deployedAt: Timestamp,
    deployedBy: z.string(),
    secrets: z
      .array(z.string())
      .openapi({ description: 'The secrets its connectors reference, by name', example: ['PAYOUT_KEY'] }),
    retiredAt: Timestamp.optional().openapi({
      description:
        'When the workflow it was deployed from was deleted: its instances keep running on it, but it is never current again',
    }),
  })
  .openapi('DeploymentSummary')

export const Deployment = DeploymentSummary.extend({
  compiled: z.unknown().openapi({ type: 'object', description: 'The compiled XState machine and manifest' }),
  document: WorkflowDocument,
}).openapi('Deployment')

export const DeployResponse = z
  .object({ deployment: Deployment, diagnostics: z.array(Diagnostic) })
  .openapi('DeployResult')

export const DeploymentParams = WorkflowIdParam.extend({
  version: z.coerce
    .number()
    .int()
    .min(1)
    .openapi({ param: { name: 'version', in: 'path' }, example: 1 }),
})

export const TriggerParams = WorkflowIdParam.extend({
  triggerId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'triggerId', in: 'path' }, example: 'order-received' }),
})

export const TriggerSecret = z
  .object({
    workflowId: z.string(),
    triggerId: z.string(),
    secret: z.string().openapi({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }),
    url: z.string().openapi({ description: 'Where the sender posts deliveries' }),
  })
  .openapi('TriggerSecret')

export const BpmnImportNote = z
  .object({
    bpmnId: z.string().openapi({ example: 'Activity_0x1k2' }),
    bpmnType: z.string().openapi({ example: 'bpmn:SubProcess' }),
    name: z.string().optional(),
    outcome: z.enum(['approximated', 'dropped', 'check']),
    nodeId: z.string().optional().openapi({ description: 'The node it became, when it became one' }),
    message: z.string(),
    hint: z.string(),
  })
  .openapi('BpmnImportNote')

export const ImportedWorkflow = z
  .object({
    workflow: WorkflowRecord,
    report: z.object({
      exporter: z.string().optional().openapi({ description: 'The tool that wrote the file, as it says' }),
      notes: z.array(BpmnImportNote).openapi({
        description: 'Every BPMN element that was approximated, dropped, or kept as written to check',
      }),
    }),
  })
  .openapi('ImportedWorkflow')
