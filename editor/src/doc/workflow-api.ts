import { migrate, type CompiledWorkflow, type WorkflowDocument } from '@conveyor/shared'
import type { Deployment, DeploymentSummary, ErrorBody, FieldError } from '@conveyor/shared/protocol/api'
import { editorRequestHeader } from '@conveyor/shared/protocol/editor-request'
import { apiOrigin } from '../api/api-origin'

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The runtime's error code (`stale_revision`, `not_found`, ...), when it sent one. */
    readonly code?: string,
  ) {
    super(message)
  }
}

export const signInHint =
  'You are not signed in to this Conveyor runtime: open the link printed by `npm start` (the one with ?token=...).'

async function errorOf(response: Response, what: string): Promise<ApiError> {
  if (response.status === 401) return new ApiError(401, signInHint)
  let detail = response.statusText
  let code: string | undefined
  try {
    const { error } = (await response.json()) as Partial<ErrorBody>
    code = error?.code
    const details = error?.details as { fields?: FieldError[] } | FieldError[] | undefined
    const fields = (Array.isArray(details) ? details : details?.fields) ?? []
    detail = [
      error?.message ?? detail,
      ...fields.slice(0, 3).map((field) => `${field.path}: ${field.message}`),
    ].join('; ')
  } catch {
    // not JSON: the status text says enough
  }
  return new ApiError(response.status, `${what} failed (${response.status}): ${detail}`, code)
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

/** A stored revision of a workflow: what `GET` answers and a save creates. */
export interface StoredWorkflow {
  revision: number
  document: WorkflowDocument
}

/** The revision the runtime names in a workflow record (`GET` and `PUT` answer one). */
function revisionOf(body: unknown, what: string): number {
  const revision = (body as { revision?: unknown } | null)?.revision
  if (typeof revision !== 'number') throw new ApiError(502, `${what}: the runtime named no revision`)
  return revision
}

function storedWorkflowOf(body: unknown, id: string): StoredWorkflow {
  const migrated = migrate(unwrap(body, 'document'))
  if (!migrated.ok) throw new ApiError(422, `Workflow "${id}" cannot be opened: ${migrated.message}`)
  return {
    revision: revisionOf(body, `Loading workflow "${id}"`),
    document: migrated.document as WorkflowDocument,
  }
}

export async function fetchWorkflow(id: string): Promise<StoredWorkflow> {
  return storedWorkflowOf(await getJson(workflowPath(id), `Loading workflow "${id}"`), id)
}

/** Whether a save was refused because someone saved another revision since the one it was based on. */
export const isStaleRevision = (error: unknown): boolean =>
  error instanceof ApiError && error.status === 409 && error.code === 'stale_revision'

/**
 * Saves the document as the revision after `expectedRevision` (the one it was edited from) and
 * resolves with the new revision; the runtime refuses it (`isStaleRevision`) when someone saved
 * since, instead of replacing their work.
 */
export async function saveWorkflow(
  id: string,
  document: WorkflowDocument,
  expectedRevision: number,
  keepalive = false,
): Promise<number> {
  const response = await fetch(`${apiOrigin.value}${workflowPath(id)}`, {
    method: 'PUT',
    // Marks the save as the editor's own: the runtime refuses cookie requests from pages elsewhere.
    headers: { 'content-type': 'application/json', [editorRequestHeader]: 'editor' },
    credentials: 'same-origin',
    body: JSON.stringify({ document, expectedRevision }),
    keepalive,
  })
  if (!response.ok) throw await errorOf(response, `Saving workflow "${id}"`)
  const { revision } = (await response.json()) as { revision?: unknown }
  if (typeof revision !== 'number')
    throw new ApiError(502, `Saving workflow "${id}": the runtime named no revision`)
  return revision
}

export async function fetchDeployments(id: string): Promise<DeploymentSummary[]> {
  const body = unwrap(await getJson(`${workflowPath(id)}/deployments`, 'Loading deployments'), 'items')
  return Array.isArray(body) ? (body as DeploymentSummary[]) : []
}

export async function fetchDeployedMachine(id: string, version: number): Promise<CompiledWorkflow> {
  const body = await getJson(`${workflowPath(id)}/deployments/${version}`, `Loading deployment ${version}`)
  return (body as Deployment).compiled
}
