import type {
  Deployment,
  Diagnostic,
  DeploymentSummary,
  ExampleSummary,
  InstanceDetail,
  InstanceStatus,
  InstanceSummary,
  Page,
  StartInstanceResult,
  Task,
  TaskCompletion,
  TaskStatus,
  WorkflowMetrics,
  WorkflowRecord,
  WorkflowSummary,
} from '@conveyor/shared/protocol/api'
import { editorRequestHeader } from '@conveyor/shared/protocol/editor-request'
import { errorFromResponse } from './api-error'

type Query = Record<string, string | number | undefined>

function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value))
  const text = params.toString()
  return text ? `${path}?${text}` : path
}

const segment = encodeURIComponent

/**
 * The API as the editor uses it: same origin, authenticated by the session cookie the server set
 * when the page was opened with `?token=`, and marked as the editor's own request (the runtime
 * refuses cookie requests that change something from pages elsewhere). Refusals throw ApiError
 * with the server's message.
 */
export function createApiClient(fetchImpl: typeof fetch = (...args) => fetch(...args), baseUrl = '') {
  async function request<T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> {
    const init: RequestInit = {
      method,
      headers: { accept: 'application/json', [editorRequestHeader]: 'editor', ...headers },
    }
    if (body !== undefined) {
      init.body = JSON.stringify(body)
      init.headers = { ...init.headers, 'content-type': 'application/json' }
    }
    const response = await fetchImpl(baseUrl + path, init)
    if (!response.ok) throw await errorFromResponse(response)
    if (response.status === 204) return undefined as T
    return (await response.json()) as T
  }

  return {
    listWorkflows: () => request<{ items: WorkflowSummary[] }>('GET', '/api/workflows').then((r) => r.items),
    getWorkflow: (id: string) => request<WorkflowRecord>('GET', `/api/workflows/${segment(id)}`),
    /** The server picks a free id from the name. */
    createBlankWorkflow: (name: string) => request<WorkflowRecord>('POST', '/api/workflows', { name }),
    createFromExample: (slug: string) =>
      request<WorkflowRecord>('POST', '/api/workflows', { fromExample: slug }),
    /** Stores an uploaded document as a new workflow; an invalid one is refused with its problems. */
    importWorkflow: (document: unknown) => request<WorkflowRecord>('POST', '/api/workflows', { document }),
    deleteWorkflow: (id: string) => request<void>('DELETE', `/api/workflows/${segment(id)}`),
    listExamples: () => request<{ items: ExampleSummary[] }>('GET', '/api/examples').then((r) => r.items),

    /** A refusal carries the validator's findings (ApiError.diagnostics). */
    deploy: (workflowId: string) =>
      request<{ deployment: Deployment; diagnostics: Diagnostic[] }>(
        'POST',
        `/api/workflows/${segment(workflowId)}/deployments`,
      ),
    listDeployments: (workflowId: string) =>
      request<{ items: DeploymentSummary[] }>(
        'GET',
        `/api/workflows/${segment(workflowId)}/deployments`,
      ).then((r) => r.items),
    getDeployment: (workflowId: string, version: number) =>
      request<Deployment>('GET', `/api/workflows/${segment(workflowId)}/deployments/${version}`),

    startInstance: (
      workflowId: string,
      start: { input?: Record<string, unknown>; trigger?: string },
      idempotencyKey: string = crypto.randomUUID(),
    ) =>
      request<StartInstanceResult>('POST', `/api/workflows/${segment(workflowId)}/instances`, start, {
        'idempotency-key': idempotencyKey,
      }),
    listInstances: (filter: { workflowId?: string; status?: InstanceStatus; limit?: number } = {}) =>
      request<Page<InstanceSummary>>('GET', withQuery('/api/instances', filter)),
    getInstance: (id: string) => request<InstanceDetail>('GET', `/api/instances/${segment(id)}`),
    cancelInstance: (id: string) =>
      request<InstanceSummary>('POST', `/api/instances/${segment(id)}/cancel`, {}),

    listTasks: (filter: { status?: TaskStatus; workflowId?: string; limit?: number } = {}) =>
      request<Page<Task>>('GET', withQuery('/api/tasks', filter)),
    claimTask: (id: string) => request<Task>('POST', `/api/tasks/${segment(id)}/claim`, {}),
    completeTask: (id: string, completion: TaskCompletion) =>
      request<Task>('POST', `/api/tasks/${segment(id)}/complete`, completion),
    rejectTask: (id: string, reason?: string) =>
      request<Task>('POST', `/api/tasks/${segment(id)}/reject`, reason ? { reason } : {}),

    getMetrics: (workflowId: string) =>
      request<WorkflowMetrics>('GET', `/api/workflows/${segment(workflowId)}/metrics`),
  }
}

export type ApiClient = ReturnType<typeof createApiClient>

export const api: ApiClient = createApiClient()
