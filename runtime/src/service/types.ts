import type { AutonomyLevel, Calibration } from '@conveyor/shared'
import type { StepAutonomyView } from '@conveyor/shared/protocol/step-autonomy'
import type { PilotSettings, PilotView } from '@conveyor/shared/protocol/pilots'
import type { StepFallbackView } from '@conveyor/shared/protocol/step-fallback'
import type { TrendQuery, WorkflowTrends } from '@conveyor/shared/protocol/metric-trends'
import type { StepHistory } from '@conveyor/shared/protocol/step-history'
import type { EventLogDownload, EventLogQuery } from '../event-log/event-log-export'
import type {
  Actor,
  ApiToken,
  AuditEntry,
  AuditVerification,
  CreatedToken,
  DeployAttempt,
  DeployResult,
  Deployment,
  DeploymentRequest,
  DeploymentSummary,
  Incident,
  IncidentStatus,
  InstanceDetail,
  InstanceStatus,
  InstanceSummary,
  Page,
  Role,
  SecretSummary,
  StartInstanceResult,
  Task,
  TaskCompletion as TaskCompletionBody,
  TaskStatus,
  WebhookStartResult,
  WorkflowMetrics,
  WorkflowRecord,
  WorkflowSummary,
} from '@conveyor/shared/protocol/api'

/**
 * The wire types are declared once, in the shared protocol the editor's client reads too, so what
 * the API answers and what the editor expects cannot drift apart. (The service's own
 * `TaskCompletion`, below, adds who completed it.)
 */
export type * from '@conveyor/shared/protocol/api'

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
    options?: {
      expectedRevision?: number
      by?: Actor
      /** Everyone whose edits the save holds when that is more than `by` (live edits), each by name. */
      editors?: readonly Actor[]
    },
  ): Promise<WorkflowRecord>
  /** Deletes the document; deployments and instances stay (they are history). */
  deleteWorkflow(workflowId: string, by?: Actor): Promise<void>
  /** Stores the bundled examples as workflows when there are none yet; returns how many. */
  seedExamplesIfEmpty(): Promise<number>

  // ── deployments (immutable, numbered per workflow) ────────────────────────────────
  /**
   * Validates and compiles the stored document; a new deployment or the blocking diagnostics. Asks
   * nobody: the path of trusted callers (tests, tools). People deploy through `requestDeploy`.
   */
  deploy(workflowId: string, by?: Actor): Promise<DeployResult>
  /**
   * What a person's deploy does: deploys at once, or, when the workflow's deploys need approval,
   * records a pending request with the compiled difference against the deployed version. With a
   * `pilot`, the deployment takes only the pilot's share or segment of new instances (on approval,
   * when it needs one): InvalidError naming the wrong field of the pilot; ConflictError
   * (`pilot_running`) while another pilot of the workflow runs, for any deploy.
   */
  requestDeploy(workflowId: string, by: Actor, options?: { pilot?: PilotSettings }): Promise<DeployAttempt>
  /** Newest first. */
  listDeploymentRequests(workflowId: string): Promise<DeploymentRequest[]>
  getDeploymentRequest(workflowId: string, n: number): Promise<DeploymentRequest>
  /**
   * Deploys the requested revision. ForbiddenError for the requester and for anyone who saved the
   * workflow since its deployed version; ConflictError (`request_not_pending`) once decided,
   * (`request_outdated`) when another version was deployed since the request.
   */
  approveDeploymentRequest(
    workflowId: string,
    n: number,
    by: Actor,
  ): Promise<
    | { ok: true; request: DeploymentRequest; deployment: Deployment }
    | { ok: false; diagnostics: Extract<DeployResult, { ok: false }>['diagnostics'] }
  >
  /** Nothing is deployed. ConflictError (`request_not_pending`) once decided. */
  rejectDeploymentRequest(
    workflowId: string,
    n: number,
    options: { reason?: string; by: Actor },
  ): Promise<DeploymentRequest>
  listDeployments(workflowId: string): Promise<DeploymentSummary[]>
  /** By deployment id. */
  getDeployment(deploymentId: string): Promise<Deployment>
  /** The workflow's pilots, newest first, each compared with its baseline on its guardrails. */
  listPilots(workflowId: string): Promise<PilotView[]>
  /**
   * The running pilot becomes the current version for every new instance; ConflictError
   * (`pilot_not_running`) when it is not running, NotFoundError when there is no such pilot.
   */
  promotePilot(workflowId: string, version: number, by?: Actor): Promise<PilotView>
  /** No new instance goes to the pilot any more; its running instances finish on it. Errors as promote. */
  rollBackPilot(
    workflowId: string,
    version: number,
    options?: { reason?: string; by?: Actor },
  ): Promise<PilotView>

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
  // With `actingAs` a person acts: ForbiddenError when someone else holds the task and they may
  // not act for others. Without it a trusted caller (the system, a test driver) acts.
  /** ConflictError (reason `task_claimed`) when someone else holds it, `task_closed` when done. */
  claimTask(taskId: string, actingAs: TaskActor): Promise<Task>
  /** The names of the people who work in a lane; none means the lane is open to every editor. */
  listLaneMembers(lane: string): Promise<string[]>
  /** Makes a person (by their token's name) a member of a lane, audited; returns its members. */
  addLaneMember(lane: string, name: string, by?: Actor): Promise<string[]>
  removeLaneMember(lane: string, name: string, by?: Actor): Promise<string[]>
  /** Gives a claimed task back to its lane. */
  releaseTask(taskId: string, actingAs?: TaskActor): Promise<Task>
  /**
   * Completes the task with the form's data. InvalidError with one FieldError per form field
   * that does not fit (path `data.<fieldId>`). ConflictError (reason `task_closed`) the second time.
   * Decisions need `branch`. Augmented tasks record a verdict on the assistant's suggestion:
   * given, or derived (same value → accept; a changed draft → edit; another class → override).
   */
  completeTask(taskId: string, completion: TaskCompletion, actingAs?: TaskActor): Promise<Task>
  /** Sends the step to its `rejection` exception path. ConflictError when already closed. */
  rejectTask(taskId: string, options?: { reason?: string; by?: Actor }, actingAs?: TaskActor): Promise<Task>

  // ── incidents (a step failed with no exception path) ────────────────────────────
  listIncidents(filter?: IncidentFilter): Promise<Page<Incident>>
  getIncident(incidentId: string): Promise<Incident>
  /** Runs the step again with the same idempotency key and fresh attempts. ConflictError when resolved. */
  retryIncident(incidentId: string, by?: Actor): Promise<Incident>
  /** Continues as if the step had succeeded with `result`. */
  skipIncident(incidentId: string, options?: { result?: unknown; by?: Actor }): Promise<Incident>
  /** Cancels the instance. */
  cancelIncident(incidentId: string, by?: Actor): Promise<Incident>

  // ── autonomy of augment steps (runtime policy beside the document) ───────────────
  /** The level in force, the document's settings, the accuracy figures and any pending proposal. */
  getStepAutonomy(workflowId: string, nodeId: string): Promise<StepAutonomyView>
  /** Sets the level (and threshold) for new visits, approving a pending proposal for it; audited. */
  setStepAutonomy(
    workflowId: string,
    nodeId: string,
    change: { level: AutonomyLevel; threshold?: number },
    by?: Actor,
  ): Promise<StepAutonomyView>
  /** Declines the pending promotion proposal; ConflictError (`no_proposal`) without one. */
  declineAutonomyProposal(workflowId: string, nodeId: string, by?: Actor): Promise<StepAutonomyView>

  // ── manual fallback of steps that call outside (runtime policy beside the document) ──
  /** Whether the step is switched to manual, since when, by whom and why, and its breaker's count. */
  getStepFallback(workflowId: string, nodeId: string): Promise<StepFallbackView>
  /** The same for every step of the workflow's latest deployment that can fall back. */
  listStepFallbacks(workflowId: string): Promise<StepFallbackView[]>
  /** Switches the step to manual or back for new visits (and items waiting for a retry); audited. */
  setStepFallback(
    workflowId: string,
    nodeId: string,
    change: { manual: boolean; reason: string },
    by?: Actor,
  ): Promise<StepFallbackView>

  /** The step's history in words (switches, autonomy, the workflow's pilots), newest first. */
  getStepHistory(workflowId: string, nodeId: string, limit?: number): Promise<StepHistory>

  // ── audit (hash chain) ────────────────────────────────────────────────────────
  listAudit(filter?: AuditFilter): Promise<Page<AuditEntry>>
  verifyAudit(): Promise<AuditVerification>

  // ── metrics (computed from the event log) ─────────────────────────────────────
  getWorkflowMetrics(
    workflowId: string,
    options?: { deploymentId?: string; since?: string },
  ): Promise<WorkflowMetrics>
  /** Per UTC day or ISO week, the figures of the items that ended in it; bad ranges are InvalidError. */
  getWorkflowTrends(workflowId: string, query?: TrendQuery): Promise<WorkflowTrends>
  /**
   * The simulator's figures fitted to the workflow's runs of the last `days` days (arrivals,
   * handling times, branch shares, failure and override rates), and what fell back to its facts.
   */
  calibrateFromRuns(workflowId: string, days: number): Promise<Calibration>
  /** All workflows, as Prometheus text exposition (served at /metrics). */
  renderPrometheusMetrics(): Promise<string>
  /**
   * The workflow's event log as a process-mining file (OCEL 2.0 JSON or XES), within a time window;
   * 422 naming a wrong parameter. Its chunks are read from the store as they are pulled.
   */
  exportEventLog(workflowId: string, query: EventLogQuery): Promise<EventLogDownload>

  // ── API tokens (stored hashed; the secret is shown once) ─────────────────────────
  /** `secret`: one the operator chose (CONVEYOR_ADMIN_TOKEN); generated when absent. */
  createToken(request: { name: string; role: Role; by?: Actor; secret?: string }): Promise<CreatedToken>
  listTokens(): Promise<ApiToken[]>
  revokeToken(tokenId: string, by?: Actor): Promise<ApiToken>
  /** The token a presented secret belongs to, or null when unknown or revoked. */
  verifyToken(secret: string): Promise<ApiToken | null>

  // ── secrets for connectors (sealed at rest; no method returns a value) ────────────────
  listSecrets(): Promise<SecretSummary[]>
  /**
   * Stores a value under a name, audited by name. `create` (the default) is a ConflictError
   * (reason `secret_exists`) when the name is taken; `replace` creates or replaces.
   * InvalidError naming `name` or `value` when either does not fit.
   */
  setSecret(request: {
    name: string
    value: string
    by?: Actor
    mode?: 'create' | 'replace'
  }): Promise<{ secret: SecretSummary; created: boolean }>
  /** NotFoundError when there is no such secret. */
  deleteSecret(name: string, by?: Actor): Promise<void>

  // ── webhook signing secrets (sealed, not hashed: an HMAC check needs the key) ───────
  /** Replaces the trigger's secret with a new `whsec_…` one, audited; the secret is returned once. */
  rotateWebhookSecret(workflowId: string, triggerId: string, by?: Actor): Promise<string>
  /** The secret deliveries to the trigger must be signed with; undefined until one is made. */
  webhookSecret(workflowId: string, triggerId: string): Promise<string | undefined>

  // ── lifecycle ──────────────────────────────────────────────────────────────────
  /** Resumes unfinished work, starts timers and cron schedules. */
  start(): Promise<void>
  /** Stops timers and schedules, flushes pending commits, closes the store. */
  close(): Promise<void>
  /** Whether workflows run: not after a write to the store failed (fail-stop), with the reason. */
  health(): Health
}

/** Which replica answers, and how many of the 64 partitions it owns now (all on a SQLite folder). */
export interface ReplicaHealth {
  id: string
  partitions: number
}

export type Health = ({ ok: true } | { ok: false; reason: string }) & { replica: ReplicaHealth }

export interface PageRequest {
  limit?: number
  cursor?: string
}

export interface StartInstanceRequest {
  workflowId: string
  /** Trigger node id; defaults to the first manual trigger (or the first trigger). */
  trigger?: string
  input?: Record<string, unknown>
  idempotencyKey?: string
  by?: Actor
}

export interface WebhookDelivery {
  workflowId: string
  triggerId: string
  /** The `webhook-id` header. */
  deliveryId: string
  payload: Record<string, unknown>
}

export interface InstanceFilter extends PageRequest {
  workflowId?: string
  status?: InstanceStatus
  deploymentId?: string
}

export interface TaskFilter extends PageRequest {
  /** Tasks of this lane, and tasks escalated to it after an SLA breach. */
  lane?: string
  assignee?: string
  status?: TaskStatus
  workflowId?: string
  instanceId?: string
  /** Only the tasks this person may see: open ones, their own and those they completed. */
  visibleTo?: { name: string; actor: Actor }
}

/** A person acting on a task. */
export interface TaskActor {
  /** The assignee name their claims carry. */
  name: string
  /** As recorded in the audit log. */
  actor: Actor
  /** Operators and admins act on tasks others hold; everyone else only on open tasks and their own. */
  mayActForOthers: boolean
}

/** The completion body plus who completed it. */
export interface TaskCompletion extends TaskCompletionBody {
  by?: Actor
}

export interface IncidentFilter extends PageRequest {
  status?: IncidentStatus
  workflowId?: string
  instanceId?: string
}

export interface AuditFilter extends PageRequest {
  instanceId?: string
  workflowId?: string
  actor?: Actor
  action?: string
  since?: string
  until?: string
}

/** How to build the service: `createConveyorService(options)` from `runtime/src/service`. */
export interface ServiceOptions {
  /** Directory of `conveyor.db`; default `CONVEYOR_DATA` or `./data`. Unused with `databaseUrl`. */
  dataDir?: string
  /** A PostgreSQL database (postgres://…) to run on instead of the data folder's SQLite. */
  databaseUrl?: string
  /** This replica's id among those sharing a PostgreSQL database (`CONVEYOR_REPLICA_ID`); made up when absent. */
  replicaId?: string
  /** How long a partition's lease lasts without renewal, on PostgreSQL (`CONVEYOR_LEASE_MS`). */
  leaseMs?: number
  /**
   * The key that seals secrets (`CONVEYOR_SECRET_KEY`); without it the data folder's `secret.key`,
   * made on first start. Required with `databaseUrl`.
   */
  secretKey?: Buffer
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
  | {
      provider: 'openai-compatible'
      baseUrl: string
      model: string
      /** The stored secret whose value is sent as the bearer key, opened at each call. */
      apiKeySecret?: string
      timeoutMs?: number
    }
