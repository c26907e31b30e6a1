import type { Calibration, WorkflowDocument } from '@conveyor/shared'
import type {
  Deployment,
  DeploymentRequest,
  Diagnostic,
  DeploymentSummary,
  ExampleSummary,
  InstanceDetail,
  InstanceStatus,
  InstanceSummary,
  Page,
  Role,
  StartInstanceResult,
  Task,
  TaskCompletion,
  TaskStatus,
  WorkflowMetrics,
  WorkflowRecord,
  WorkflowSummary,
} from '@conveyor/shared/protocol/api'
import type { BpmnImportReport } from '@conveyor/shared/bpmn'
import { editorRequestHeader } from '@conveyor/shared/protocol/editor-request'
import type { AutonomyLevel } from '@conveyor/shared'
import type { StepAutonomyView } from '@conveyor/shared/protocol/step-autonomy'
import type { PilotSettings, PilotView } from '@conveyor/shared/protocol/pilots'
import type { StepFallbackView } from '@conveyor/shared/protocol/step-fallback'
import type { TrendBucket, WorkflowTrends } from '@conveyor/shared/protocol/metric-trends'
import type { StepHistory } from '@conveyor/shared/protocol/step-history'
import { ApiError, errorFromResponse } from './api-error'
import { apiOrigin } from './api-origin'

type Query = Record<string, string | number | undefined>

function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value))
  const text = params.toString()
  return text ? `${path}?${text}` : path
}

const segment = encodeURIComponent

interface RequestOptions {
  body?: unknown
  /** Sent as it is, instead of a JSON body (a file's text). */
  raw?: { text: string; contentType: string }
  headers?: Record<string, string>
  /** Sent even if the page is being closed (the last save of a tab). */
  keepalive?: boolean
  /** The answer is a file of this media type, returned as text, instead of JSON. */
  file?: string
}

/**
 * The one way the editor calls the API: same origin (`apiOrigin` in tests), authenticated by the
 * session cookie the server set when the page was opened with `?token=`, and marked as the
 * editor's own request (the runtime refuses cookie requests that change something from pages
 * elsewhere). `what` says what is asked for, in words; a refusal throws an ApiError naming it.
 */
async function request<T>(
  method: string,
  path: string,
  what: string,
  options: RequestOptions = {},
): Promise<T> {
  const body = options.raw
    ? { text: options.raw.text, contentType: options.raw.contentType }
    : options.body !== undefined
      ? { text: JSON.stringify(options.body), contentType: 'application/json' }
      : undefined
  const init: RequestInit = {
    method,
    credentials: 'same-origin',
    headers: {
      accept: options.file ?? 'application/json',
      [editorRequestHeader]: 'editor',
      ...(body ? { 'content-type': body.contentType } : {}),
      ...options.headers,
    },
    ...(body ? { body: body.text } : {}),
    ...(options.keepalive ? { keepalive: true } : {}),
  }
  const response = await fetch(apiOrigin.value + path, init)
  if (!response.ok) throw await errorFromResponse(response, what)
  if (response.status === 204) return undefined as T
  if (options.file) return (await response.text()) as T
  try {
    return (await response.json()) as T
  } catch {
    throw new ApiError(what, response.status, 'http_error', 'the server answered something that is not JSON')
  }
}

const workflowPath = (id: string) => `/api/workflows/${segment(id)}`
const stepPath = (workflowId: string, nodeId: string) =>
  `${workflowPath(workflowId)}/steps/${segment(nodeId)}`

/** The API as the editor uses it, one function per call. */
export const api = {
  /** The person signed in: the name their token or session was issued to, and their role. */
  getMe: () => request<{ name: string; role: Role }>('GET', '/api/me', 'Asking who is signed in'),

  listWorkflows: () =>
    request<{ items: WorkflowSummary[] }>('GET', '/api/workflows', 'Loading the workflows').then(
      (r) => r.items,
    ),
  getWorkflow: (id: string) => request<WorkflowRecord>('GET', workflowPath(id), `Loading workflow "${id}"`),
  /**
   * Stores the document as the revision after `expectedRevision`; refused (409 `stale_revision`)
   * when someone saved another revision since.
   */
  saveWorkflow: (id: string, document: WorkflowDocument, expectedRevision: number, keepalive = false) =>
    request<WorkflowRecord>('PUT', workflowPath(id), `Saving workflow "${id}"`, {
      body: { document, expectedRevision },
      keepalive,
    }),
  /** The server picks a free id from the name. */
  createBlankWorkflow: (name: string) =>
    request<WorkflowRecord>('POST', '/api/workflows', `Creating workflow "${name}"`, { body: { name } }),
  createFromExample: (slug: string) =>
    request<WorkflowRecord>('POST', '/api/workflows', `Creating a workflow from template "${slug}"`, {
      body: { fromExample: slug },
    }),
  /** Stores an uploaded document as a new workflow; an invalid one is refused with its problems. */
  importWorkflow: (document: unknown) =>
    request<WorkflowRecord>('POST', '/api/workflows', 'Importing a workflow', { body: { document } }),
  /** Reads a BPMN 2.0 file into a new workflow; the report says what was approximated or dropped. */
  importBpmn: (xml: string) =>
    request<{ workflow: WorkflowRecord; report: BpmnImportReport }>(
      'POST',
      '/api/workflows/import',
      'Importing a BPMN file',
      { raw: { text: xml, contentType: 'application/bpmn+xml' } },
    ),
  /** The stored workflow as BPMN 2.0 XML with its diagram, as BPMN tools read it. */
  exportBpmn: (id: string) =>
    request<string>('GET', `${workflowPath(id)}/export?format=bpmn`, `Exporting workflow "${id}" as BPMN`, {
      file: 'application/bpmn+xml',
    }),
  deleteWorkflow: (id: string) => request<void>('DELETE', workflowPath(id), `Deleting workflow "${id}"`),
  /** The names of the secrets connectors may reference (no route gives their values). */
  listSecretNames: () =>
    request<{ items: Array<{ name: string }> }>('GET', '/api/secrets', 'Loading the secret names').then((r) =>
      r.items.map((secret) => secret.name),
    ),
  listExamples: () =>
    request<{ items: ExampleSummary[] }>('GET', '/api/examples', 'Loading the templates').then(
      (r) => r.items,
    ),

  /**
   * A deployment, or, when the workflow's deploys need approval, a request waiting for another
   * person. A refusal carries the validator's findings (ApiError.diagnostics).
   */
  deploy: (workflowId: string, pilot?: PilotSettings) =>
    request<
      | { deployment: Deployment; diagnostics: Diagnostic[] }
      | { request: DeploymentRequest; diagnostics: Diagnostic[] }
    >(
      'POST',
      `${workflowPath(workflowId)}/deployments`,
      pilot ? `Starting a pilot of workflow "${workflowId}"` : `Deploying workflow "${workflowId}"`,
      pilot ? { body: { pilot } } : {},
    ),
  /** Newest first, each compared with its baseline on its guardrails. */
  listPilots: (workflowId: string) =>
    request<{ pilots: PilotView[] }>(
      'GET',
      `${workflowPath(workflowId)}/pilots`,
      `Loading the pilots of "${workflowId}"`,
    ).then((r) => r.pilots),
  /** Makes a running pilot the version every new item takes. */
  promotePilot: (workflowId: string, version: number) =>
    request<PilotView>(
      'POST',
      `${workflowPath(workflowId)}/deployments/${version}/promote`,
      `Promoting the pilot of version ${version}`,
    ),
  /** No new item goes to the pilot; its running items finish on it. */
  rollBackPilot: (workflowId: string, version: number, reason?: string) =>
    request<PilotView>(
      'POST',
      `${workflowPath(workflowId)}/deployments/${version}/rollback`,
      `Rolling back the pilot of version ${version}`,
      { body: reason ? { reason } : {} },
    ),
  /** Newest first. */
  listDeploymentRequests: (workflowId: string) =>
    request<{ items: DeploymentRequest[] }>(
      'GET',
      `${workflowPath(workflowId)}/deployment-requests`,
      `Loading the deploy requests of "${workflowId}"`,
    ).then((r) => r.items),
  /** Deploys the requested revision; refused to the requester and to anyone who changed the workflow since. */
  approveDeploymentRequest: (workflowId: string, n: number) =>
    request<{ request: DeploymentRequest; deployment: Deployment }>(
      'POST',
      `${workflowPath(workflowId)}/deployment-requests/${n}/approve`,
      `Approving deploy request ${n} of "${workflowId}"`,
    ),
  rejectDeploymentRequest: (workflowId: string, n: number, reason?: string) =>
    request<DeploymentRequest>(
      'POST',
      `${workflowPath(workflowId)}/deployment-requests/${n}/reject`,
      `Rejecting deploy request ${n} of "${workflowId}"`,
      { body: reason ? { reason } : {} },
    ),
  listDeployments: (workflowId: string) =>
    request<{ items: DeploymentSummary[] }>(
      'GET',
      `${workflowPath(workflowId)}/deployments`,
      `Loading the deployments of "${workflowId}"`,
    ).then((r) => r.items),
  getDeployment: (workflowId: string, version: number) =>
    request<Deployment>(
      'GET',
      `${workflowPath(workflowId)}/deployments/${version}`,
      `Loading deployment ${version} of "${workflowId}"`,
    ),

  startInstance: (
    workflowId: string,
    start: { input?: Record<string, unknown>; trigger?: string },
    idempotencyKey: string = crypto.randomUUID(),
  ) =>
    request<StartInstanceResult>(
      'POST',
      `${workflowPath(workflowId)}/instances`,
      `Starting an instance of "${workflowId}"`,
      { body: start, headers: { 'idempotency-key': idempotencyKey } },
    ),
  listInstances: (filter: { workflowId?: string; status?: InstanceStatus; limit?: number } = {}) =>
    request<Page<InstanceSummary>>('GET', withQuery('/api/instances', filter), 'Loading the instances'),
  getInstance: (id: string) =>
    request<InstanceDetail>('GET', `/api/instances/${segment(id)}`, `Loading instance "${id}"`),
  cancelInstance: (id: string) =>
    request<InstanceSummary>('POST', `/api/instances/${segment(id)}/cancel`, `Cancelling instance "${id}"`, {
      body: {},
    }),

  listTasks: (filter: { status?: TaskStatus; workflowId?: string; limit?: number } = {}) =>
    request<Page<Task>>('GET', withQuery('/api/tasks', filter), 'Loading the tasks'),
  claimTask: (id: string) =>
    request<Task>('POST', `/api/tasks/${segment(id)}/claim`, 'Claiming the task', { body: {} }),
  completeTask: (id: string, completion: TaskCompletion) =>
    request<Task>('POST', `/api/tasks/${segment(id)}/complete`, 'Completing the task', { body: completion }),
  rejectTask: (id: string, reason?: string) =>
    request<Task>('POST', `/api/tasks/${segment(id)}/reject`, 'Rejecting the task', {
      body: reason ? { reason } : {},
    }),

  getMetrics: (workflowId: string) =>
    request<WorkflowMetrics>(
      'GET',
      `${workflowPath(workflowId)}/metrics`,
      `Loading the metrics of "${workflowId}"`,
    ),

  getTrends: (workflowId: string, bucket: TrendBucket) =>
    request<WorkflowTrends>(
      'GET',
      withQuery(`${workflowPath(workflowId)}/metrics/trends`, { bucket }),
      `Loading the trends of "${workflowId}"`,
    ),
  /** Where the same rows download as CSV (a plain link: the session cookie authenticates it). */
  trendsCsvUrl: ({ workflowId, bucket, from, to }: WorkflowTrends) =>
    apiOrigin.value +
    withQuery(`${workflowPath(workflowId)}/metrics/trends`, { bucket, from, to, format: 'csv' }),

  /** The simulator's figures fitted to the workflow's runs of the last `days` days. */
  getCalibration: (workflowId: string, days: number) =>
    request<Calibration>(
      'GET',
      withQuery(`${workflowPath(workflowId)}/calibration`, { days }),
      `Reading the last ${days} days of runs of "${workflowId}"`,
    ),

  listStepFallbacks: (workflowId: string) =>
    request<{ items: StepFallbackView[] }>(
      'GET',
      `${workflowPath(workflowId)}/fallbacks`,
      `Loading which steps of "${workflowId}" are done by hand`,
    ).then((page) => page.items),
  getStepFallback: (workflowId: string, nodeId: string) =>
    request<StepFallbackView>(
      'GET',
      `${stepPath(workflowId, nodeId)}/fallback`,
      `Loading whether step "${nodeId}" is done by hand`,
    ),
  setStepFallback: (workflowId: string, nodeId: string, change: { manual: boolean; reason: string }) =>
    request<StepFallbackView>(
      'POST',
      `${stepPath(workflowId, nodeId)}/fallback`,
      change.manual ? `Switching step "${nodeId}" to manual` : `Switching step "${nodeId}" back to automatic`,
      { body: change },
    ),

  /** The autonomy in force of an augment step of the latest deployment; 404 for any other node. */
  getStepAutonomy: (workflowId: string, nodeId: string) =>
    request<StepAutonomyView>(
      'GET',
      `${stepPath(workflowId, nodeId)}/autonomy`,
      `Loading the autonomy of step "${nodeId}"`,
    ),
  /** Sets the level for new visits without a redeploy; approves a pending proposal for that level. */
  setStepAutonomy: (
    workflowId: string,
    nodeId: string,
    change: { level: AutonomyLevel; threshold?: number },
  ) =>
    request<StepAutonomyView>(
      'POST',
      `${stepPath(workflowId, nodeId)}/autonomy`,
      `Changing the autonomy of step "${nodeId}"`,
      { body: change },
    ),
  declineAutonomyProposal: (workflowId: string, nodeId: string) =>
    request<StepAutonomyView>(
      'POST',
      `${stepPath(workflowId, nodeId)}/autonomy/decline`,
      `Declining the proposed promotion of step "${nodeId}"`,
    ),
  /** Newest first: switches, autonomy changes and the workflow's pilots, in words. */
  getStepHistory: (workflowId: string, nodeId: string) =>
    request<StepHistory>(
      'GET',
      `${stepPath(workflowId, nodeId)}/history`,
      `Loading the history of step "${nodeId}"`,
    ),
}
