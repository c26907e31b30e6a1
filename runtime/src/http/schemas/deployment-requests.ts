import { z } from '@hono/zod-openapi'
import { compiledKinds } from '@conveyor/shared'
import { Timestamp } from './common'
import { PilotSettings } from './pilots'
import { Deployment, Diagnostic, WorkflowIdParam } from './workflows'

const DiffNode = z.object({
  id: z.string(),
  kind: z.enum(compiledKinds),
  label: z.string(),
})

export const CompiledDiff = z
  .object({
    added: z.array(DiffNode),
    removed: z.array(DiffNode),
    changed: z.array(
      DiffNode.extend({
        what: z.array(z.string()).openapi({
          description: 'The manifest fields that differ (`automate`, `form`…) and `transitions`',
          example: ['automate'],
        }),
      }),
    ),
  })
  .openapi('CompiledDiff', {
    description: 'What the deploy changes against the version deployed when it was requested, by node',
  })

export const DeploymentRequest = z
  .object({
    n: z.number().int().openapi({ description: 'Numbered per workflow from 1', example: 1 }),
    workflowId: z.string(),
    state: z.enum(['pending', 'approved', 'rejected']),
    requestedBy: z.string().openapi({ example: 'user:alice' }),
    requestedAt: Timestamp,
    revision: z.number().int().openapi({ description: 'The revision of the stored document it deploys' }),
    baseDeploymentId: z
      .string()
      .optional()
      .openapi({ description: 'The deployment the diff is against; absent for a first deploy' }),
    diff: CompiledDiff,
    decidedBy: z.string().optional(),
    decidedAt: Timestamp.optional(),
    reason: z.string().optional(),
    deploymentId: z.string().optional().openapi({ description: 'The deployment an approval made' }),
    pilot: PilotSettings.optional().openapi({ description: 'The pilot the deploy starts on approval' }),
  })
  .openapi('DeploymentRequest')

export const DeployRequestedResponse = z
  .object({ request: DeploymentRequest, diagnostics: z.array(Diagnostic) })
  .openapi('DeployRequested')

export const ApprovedResponse = z
  .object({ request: DeploymentRequest, deployment: Deployment })
  .openapi('DeployApproved')

export const DeploymentRequestParams = WorkflowIdParam.extend({
  n: z.coerce
    .number()
    .int()
    .min(1)
    .openapi({ param: { name: 'n', in: 'path' }, example: 1 }),
})
