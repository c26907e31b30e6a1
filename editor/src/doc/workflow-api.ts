import { migrate, type CompiledWorkflow, type WorkflowDocument } from '@conveyor/shared'
import type { Deployment, DeploymentSummary, ErrorBody, FieldError } from '@conveyor/shared/protocol/api'

/** Where the runtime is: the page's own origin in the app; a test server's in tests. */
export const apiOrigin = { value: '' }

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

export const signInHint =
  'You are not signed in to this Conveyor runtime: open the link printed by `npm start` (the one with ?token=...).'

async function errorOf(response: Response, what: string): Promise<ApiError> {
  if (response.status === 401) return new ApiError(401, signInHint)
  let detail = response.statusText
  try {
    const { error } = (await response.json()) as Partial<ErrorBody>
    const details = error?.details as { fields?: FieldError[] } | FieldError[] | undefined
    const fields = (Array.isArray(details) ? details : details?.fields) ?? []
    detail = [
      error?.message ?? detail,
      ...fields.slice(0, 3).map((field) => `${field.path}: ${field.message}`),
    ].join('; ')
  } catch {
    // not JSON: the status text says enough
  }
  return new ApiError(response.status, `${what} failed (${response.status}): ${detail}`)
}

async function getJson(path: string, what: string): Promise<unknown> {
  const response = await fetch(`${apiOrigin.value}${path}`, {
    headers: { accept: 'application/json' },
    credentials: 'same-origin',
  })
  if (!response.ok) throw await errorOf(response, what)
  return response.json()
}

/** The runtime may wrap a record in an envelope (`{ document }`); accept both shapes. */
function unwrap(body: unknown, key: string): unknown {
  if (body && typeof body === 'object' && key in body) return (body as Record<string, unknown>)[key]
  return body
}

const workflowPath = (id: string) => `/api/workflows/${encodeURIComponent(id)}`

export async function fetchWorkflow(id: string): Promise<WorkflowDocument> {
  const body = unwrap(await getJson(workflowPath(id), `Loading workflow "${id}"`), 'document')
  const migrated = migrate(body)
  if (!migrated.ok) throw new ApiError(422, `Workflow "${id}" cannot be opened: ${migrated.message}`)
  return migrated.document as WorkflowDocument
}

export async function saveWorkflow(id: string, document: WorkflowDocument, keepalive = false): Promise<void> {
  const response = await fetch(`${apiOrigin.value}${workflowPath(id)}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    credentials: 'same-origin',
    body: JSON.stringify({ document }),
    keepalive,
  })
  if (!response.ok) throw await errorOf(response, `Saving workflow "${id}"`)
}

export async function fetchDeployments(id: string): Promise<DeploymentSummary[]> {
  const body = unwrap(await getJson(`${workflowPath(id)}/deployments`, 'Loading deployments'), 'items')
  return Array.isArray(body) ? (body as DeploymentSummary[]) : []
}

export async function fetchDeployedMachine(id: string, version: number): Promise<CompiledWorkflow> {
  const body = await getJson(`${workflowPath(id)}/deployments/${version}`, `Loading deployment ${version}`)
  return (body as Deployment).compiled
}
