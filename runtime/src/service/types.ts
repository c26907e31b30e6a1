import type { CompiledWorkflow, Diagnostic, WorkflowDocument } from '@conveyor/shared'

/**
 * The runtime service: everything the HTTP layer, the CLI and the tests call. Every method is
 * async (the store acknowledges a change only after the transaction holding it is on disk).
 * Failures are typed errors from `./errors` (NotFoundError, ConflictError, InvalidError,
 * ForbiddenError), never strings.
 */
export interface ConveyorService {
  // ── workflows (the stored documents) ──────────────────────────────────────────────
  listWorkflows(): Promise<WorkflowSummary[]>
  /** NotFoundError when absent. */
  getWorkflow(workflowId: string): Promise<WorkflowRecord>
  /** InvalidError (with paths) when the document does not parse; ConflictError when the id exists. */
  createWorkflow(document: unknown, by?: Actor): Promise<WorkflowRecord>
  /**
   * Replaces the stored document (its `id` must equal `workflowId`). With `expectedRevision`,
   * a ConflictError (reason `stale_revision`) when someone saved in between.
   */
  updateWorkflow(
    workflowId: string,
    document: unknown,
    options?: { expectedRevision?: number; by?: Actor },
  ): Promise<WorkflowRecord>
  /** Deletes the document; deployments and instances stay (they are history). */
  deleteWorkflow(workflowId: string, by?: Actor): Promise<void>
  /** Stores the bundled examples as workflows when there are none yet; returns how many. */
  seedExamplesIfEmpty(): Promise<number>

  // ── deployments (immutable, numbered per workflow) ────────────────────────────────
  /** Validates and compiles the stored document; a new deployment or the blocking diagnostics. */
  deploy(workflowId: string, by?: Actor): Promise<DeployResult>
  listDeployments(workflowId: string): Promise<DeploymentSummary[]>
  /** By deployment id. */
  getDeployment(deploymentId: string): Promise<Deployment>

  // ── instances ──────────────────────────────────────────────────────────────────
  /**
   * Starts an instance of the workflow's latest deployment. InvalidError when there is no
   * deployment, the trigger is unknown or the input does not fit the trigger's input form.
   * With an idempotency key: the same key with the same payload returns the original instance
   * (`created: false`); the same key with another payload is a ConflictError
   * (reason `idempotency_key_reused`).
   */
  startInstance(request: StartInstanceRequest): Promise<StartInstanceResult>
  /**
   * A verified webhook delivery (the HTTP layer checks the signature). A delivery id seen before
   * returns the instance it started (`duplicate: true`) without starting another.
   */
  startFromWebhook(request: WebhookDelivery): Promise<WebhookStartResult>
  listInstances(filter?: InstanceFilter): Promise<Page<InstanceSummary>>
  getInstance(instanceId: string): Promise<InstanceDetail>
  /** ConflictError (reason `instance_finished`) when it already ended. */
  cancelInstance(instanceId: string, options?: { reason?: string; by?: Actor }): Promise<InstanceSummary>

  // ── tasks (human steps, augmented steps, person/assistant decisions) ──────────────
  listTasks(filter?: TaskFilter): Promise<Page<Task>>
  getTask(taskId: string): Promise<Task>
  /** ConflictError (reason `task_claimed`) when someone else holds it, `task_closed` when done. */
  claimTask(taskId: string, assignee: string, by?: Actor): Promise<Task>
  /** Gives a claimed task back to its lane. */
  releaseTask(taskId: string, by?: Actor): Promise<Task>
  /**
   * Completes the task with the form's data. InvalidError with one FieldError per form field
   * that does not fit (path `data.<fieldId>`). ConflictError (reason `task_closed`) the second time.
   * Decisions need `branch`. Augmented tasks record a verdict on the assistant's suggestion:
   * given, or derived (same value → accept; a changed draft → edit; another class → override).
   */
  completeTask(taskId: string, completion: TaskCompletion): Promise<Task>
  /** Sends the step to its `rejection` exception path. ConflictError when already closed. */
  rejectTask(taskId: string, options?: { reason?: string; by?: Actor }): Promise<Task>

  // ── incidents (a step failed with no exception path) ────────────────────────────
  listIncidents(filter?: IncidentFilter): Promise<Page<Incident>>
  getIncident(incidentId: string): Promise<Incident>
  /** Runs the step again with the same idempotency key and fresh attempts. ConflictError when resolved. */
  retryIncident(incidentId: string, by?: Actor): Promise<Incident>
  /** Continues as if the step had succeeded with `result`. */
  skipIncident(incidentId: string, options?: { result?: unknown; by?: Actor }): Promise<Incident>
  /** Cancels the instance. */
  cancelIncident(incidentId: string, by?: Actor): Promise<Incident>

  // ── audit (hash chain) ────────────────────────────────────────────────────────
  listAudit(filter?: AuditFilter): Promise<Page<AuditEntry>>
  verifyAudit(): Promise<AuditVerification>

  // ── metrics (computed from the event log) ─────────────────────────────────────
  getWorkflowMetrics(
    workflowId: string,
    options?: { deploymentId?: string; since?: string },
  ): Promise<WorkflowMetrics>
  /** All workflows, as Prometheus text exposition (served at /metrics). */
  renderPrometheusMetrics(): Promise<string>

  // ── API tokens (stored hashed; the secret is shown once) ─────────────────────────
  /** `secret`: one the operator chose (CONVEYOR_ADMIN_TOKEN); generated when absent. */
  createToken(request: { name: string; role: Role; by?: Actor; secret?: string }): Promise<CreatedToken>
  listTokens(): Promise<ApiToken[]>
  revokeToken(tokenId: string, by?: Actor): Promise<ApiToken>
  /** The token a presented secret belongs to, or null when unknown or revoked. */
  verifyToken(secret: string): Promise<ApiToken | null>

  // ── lifecycle ──────────────────────────────────────────────────────────────────
  /** Resumes unfinished work, starts timers and cron schedules. */
  start(): Promise<void>
  /** Stops timers and schedules, flushes pending commits, closes the store. */
  close(): Promise<void>
}

/** Who did something, as recorded in the audit log: `user:alice`, `token:ci`, `system`. */
export type Actor = string

export type Role = 'viewer' | 'editor' | 'operator' | 'admin'
export const roles: readonly Role[] = ['viewer', 'editor', 'operator', 'admin']

export interface Page<T> {
  items: T[]
  /** Pass as `cursor` to get the next page; absent on the last page. */
  nextCursor?: string
}

export interface PageRequest {
  limit?: number
  cursor?: string
}

export interface WorkflowSummary {
  id: string
  name: string
  description?: string
  owner?: string
  valueStream?: string
  /** How many nodes the document has, so lists need not load every document. */
  nodeCount: number
  revision: number
  updatedAt: string
  latestDeployment?: { id: string; version: number; deployedAt: string }
}

export interface WorkflowRecord extends WorkflowSummary {
  document: WorkflowDocument
  createdAt: string
}

/** Validator findings are the same objects the editor shows on the canvas and the CLI prints. */
export type { Diagnostic }

export type DeployResult =
  { ok: true; deployment: Deployment; diagnostics: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] }

export interface DeploymentSummary {
  /** `<workflowId>@<version>`. */
  id: string
  workflowId: string
  version: number
  deployedAt: string
  deployedBy: Actor
}

export interface Deployment extends DeploymentSummary {
  compiled: CompiledWorkflow
  /** The document as it was deployed. */
  document: WorkflowDocument
}

export type InstanceStatus =
  'running' | 'waiting' | 'completed' | 'failed' | 'cancelled' | 'rejected' | 'incident'

export interface StartInstanceRequest {
  workflowId: string
  /** Trigger node id; defaults to the first manual trigger (or the first trigger). */
  trigger?: string
  input?: Record<string, unknown>
  idempotencyKey?: string
  by?: Actor
}

export interface StartInstanceResult {
  instance: InstanceSummary
  /** false when an idempotency key returned an earlier instance. */
  created: boolean
}

export interface WebhookDelivery {
  workflowId: string
  triggerId: string
  /** The `webhook-id` header. */
  deliveryId: string
  payload: Record<string, unknown>
}

export interface WebhookStartResult {
  instance: InstanceSummary
  duplicate: boolean
}

export interface InstanceFilter extends PageRequest {
  workflowId?: string
  status?: InstanceStatus
  deploymentId?: string
}

export interface InstanceSummary {
  id: string
  workflowId: string
  deploymentId: string
  version: number
  status: InstanceStatus
  /** Node ids the instance is at now (several inside parallel work). */
  activeNodes: string[]
  /** The end node's outcome once finished. */
  outcome?: string
  startedAt: string
  updatedAt: string
  endedAt?: string
  trigger: string
}

export interface InstanceDetail extends InstanceSummary {
  data: Record<string, unknown>
  /** The XState state value. */
  state: unknown
  history: StepHistoryEntry[]
  openTasks: Task[]
  openIncidents: Incident[]
}

export interface StepHistoryEntry {
  seq: number
  at: string
  type: string
  nodeId?: string
  detail?: Record<string, unknown>
}

export type TaskStatus = 'open' | 'claimed' | 'completed' | 'rejected' | 'cancelled'

export interface TaskFilter extends PageRequest {
  /** Tasks of this lane, and tasks escalated to it after an SLA breach. */
  lane?: string
  assignee?: string
  status?: TaskStatus
  workflowId?: string
  instanceId?: string
}

export interface Suggestion {
  provider: string
  produces: 'draft' | 'classification' | 'recommendation'
  field: string
  value: unknown
  /** 0..1 for classifications and recommendations. */
  confidence?: number
  explanation: string
}

export type Verdict = 'accept' | 'edit' | 'override'

export interface Task {
  id: string
  instanceId: string
  workflowId: string
  deploymentId: string
  nodeId: string
  kind: 'step' | 'decision'
  label: string
  lane?: string
  /** The lane it was escalated to after an SLA breach. */
  escalatedTo?: string
  status: TaskStatus
  assignee?: string
  form: { fields: Array<{ id: string; label: string; type: string; required: boolean; options?: string[] }> }
  /** Decision tasks: the branches to pick from. */
  branches?: Array<{ id: string; label: string }>
  question?: string
  /** Prefilled values (from the assistant's suggestion). */
  prefill: Record<string, unknown>
  suggestion?: Suggestion
  /** Set when the assistant was asked but failed; the task is then the manual path. */
  assistantError?: string
  dueAt?: string
  createdAt: string
  completedAt?: string
  completedBy?: Actor
  result?: Record<string, unknown>
  branch?: string
  verdict?: Verdict
}

export interface TaskCompletion {
  data?: Record<string, unknown>
  /** Decision tasks: the branch taken. */
  branch?: string
  verdict?: Verdict
  by?: Actor
}

export type IncidentStatus = 'open' | 'retried' | 'skipped' | 'cancelled'

export interface IncidentFilter extends PageRequest {
  status?: IncidentStatus
  workflowId?: string
  instanceId?: string
}

export interface Incident {
  id: string
  instanceId: string
  workflowId: string
  nodeId: string
  /** What went wrong, in words people can act on. */
  error: string
  attempts: number
  status: IncidentStatus
  createdAt: string
  resolvedAt?: string
  resolvedBy?: Actor
}

export interface AuditFilter extends PageRequest {
  instanceId?: string
  workflowId?: string
  actor?: Actor
  action?: string
  since?: string
  until?: string
}

export interface AuditEntry {
  seq: number
  at: string
  actor: Actor
  action: string
  workflowId?: string
  instanceId?: string
  nodeId?: string
  detail?: Record<string, unknown>
  prevHash: string
  hash: string
}

export type AuditVerification =
  | { ok: true; checked: number; lastHash: string }
  | { ok: false; checked: number; brokenAt: number; reason: string }

export interface StepMetrics {
  nodeId: string
  label: string
  kind: string
  started: number
  completed: number
  failed: number
  inProgress: number
  /** Milliseconds from entering the step to finishing it. */
  cycleTimeMs: { p50: number | null; p90: number | null }
  /** Milliseconds a task waited between creation and being claimed (or completed). */
  waitingTimeMs: { p50: number | null; p90: number | null }
  /** Share of finished executions completed with no person, 0..1 (null when none finished). */
  automationCoverage: number | null
  /** Share of assistant suggestions overridden by people (null when none). */
  overrideRate: number | null
  slaBreaches: number
  assistantFallbacks: number
}

export interface WorkflowMetrics {
  workflowId: string
  started: number
  completed: number
  failed: number
  cancelled: number
  inProgress: number
  cycleTimeMs: { p50: number | null; p90: number | null }
  automationCoverage: number | null
  overrideRate: number | null
  slaBreaches: number
  /** Sum of human steps' cost per item per completed instance (null when no cost is known). */
  costPerCompletedItem: number | null
  steps: Record<string, StepMetrics>
}

export interface ApiToken {
  id: string
  name: string
  role: Role
  createdAt: string
  createdBy: Actor
  revokedAt?: string
  lastUsedAt?: string
}

export interface CreatedToken {
  token: ApiToken
  /** Shown once; only its hash is stored. */
  secret: string
}

/** How to build the service: `createConveyorService(options)` from `runtime/src/service`. */
export interface ServiceOptions {
  /** Directory of `conveyor.db`; default `CONVEYOR_DATA` or `./data`. */
  dataDir?: string
  /** Hosts (names or IPs, or CIDR ranges) the http connector may reach although private. */
  allowPrivateHosts?: string[]
  assistant?: AssistantConfig
  /** Cost of one completed item when the document gives no `facts.costPerItem`. */
  costPerItem?: number
  /** Clock for tests; default `Date.now`. */
  now?: () => number
  /**
   * false for tools that only read or administer the store (e.g. the tokens CLI) while a server
   * runs on the same data folder: no instance is resumed and no schedule started. Default true.
   */
  runWorkflows?: boolean
}

export type AssistantConfig =
  | { provider: 'local' }
  | { provider: 'openai-compatible'; baseUrl: string; model: string; apiKey?: string; timeoutMs?: number }
