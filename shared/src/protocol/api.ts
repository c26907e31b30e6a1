import type { CaseField } from '../compiler/case-fields'
import type { CompiledWorkflow } from '../compiler/compiled'
import type { CompiledDiff } from '../compiler/compiled-diff'
import type { WorkflowDocument } from '../model'
import type { Diagnostic } from '../validator/diagnostic'
import type { HistoryEntryType } from './event-log'
import type { PilotSettings } from './pilots'

/**
 * The JSON the HTTP API exchanges, shared by the runtime (which produces it) and the editor (which
 * reads it). Times are ISO strings. Errors always come as `{ error: { code, message, details? } }`.
 */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown }
}

/** A wrong field in a request, addressed by a path (`data.amount`, `document.nodes[3].id`). */
export interface FieldError {
  path: string
  message: string
  /** The form field id or node id concerned, when there is one. */
  field?: string
}

export interface Page<T> {
  items: T[]
  /** Pass as `cursor` to get the next page; absent on the last page. */
  nextCursor?: string
}

/** Who did something, as recorded in the audit log: `user:alice`, `token:ci`, `system`. */
export type Actor = string

/** What an API token or a signed-in person may do; each role includes the ones before it. */
export type Role = 'viewer' | 'editor' | 'operator' | 'admin'

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

/** An example document the gallery offers as a template. */
export interface ExampleSummary {
  slug: string
  /** The gallery card's heading and one-line pitch. */
  title: string
  summary: string
  name: string
  description?: string
  valueStream?: string
  nodeCount: number
  /** The template itself, ready to copy. */
  document: WorkflowDocument
}

/** Validator findings travel as the validator makes them (the same objects the canvas shows). */
export type { Diagnostic }

export type DeployResult =
  { ok: true; deployment: Deployment; diagnostics: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] }

export type { CompiledDiff }

export type DeploymentRequestState = 'pending' | 'approved' | 'rejected'

/**
 * A deploy waiting for a second person (when the workflow's deploys need approval): the revision
 * asked for and what it changes against the version deployed when it was asked.
 */
export interface DeploymentRequest {
  /** Numbered per workflow from 1. */
  n: number
  workflowId: string
  state: DeploymentRequestState
  requestedBy: Actor
  requestedAt: string
  /** The stored document's revision the request deploys, whatever is saved after it. */
  revision: number
  /** The deployment the diff is against; absent for a first deploy. */
  baseDeploymentId?: string
  diff: CompiledDiff
  decidedBy?: Actor
  decidedAt?: string
  /** The reason a person gave with their decision. */
  reason?: string
  /** The deployment an approval made. */
  deploymentId?: string
  /** The pilot the deploy starts on approval, as asked for. */
  pilot?: PilotSettings
}

/** What asking to deploy gives: a deployment at once, a request waiting for approval, or the findings. */
export type DeployAttempt = DeployResult | { ok: true; request: DeploymentRequest; diagnostics: Diagnostic[] }

export interface DeploymentSummary {
  /** `<workflowId>@<version>`. */
  id: string
  workflowId: string
  version: number
  deployedAt: string
  deployedBy: Actor
  /** The names of the secrets its connectors reference (`{{secret:NAME}}`), sorted. */
  secrets: string[]
  /**
   * When the workflow it was deployed from was deleted: its instances keep running on it, but it
   * is never current again, even for a workflow made later under the same id.
   */
  retiredAt?: string
}

export interface Deployment extends DeploymentSummary {
  compiled: CompiledWorkflow
  /** The document as it was deployed. */
  document: WorkflowDocument
}

export type InstanceStatus =
  'running' | 'waiting' | 'completed' | 'failed' | 'cancelled' | 'rejected' | 'incident'

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

export interface StepHistoryEntry {
  seq: number
  at: string
  type: HistoryEntryType
  nodeId?: string
  detail?: Record<string, unknown>
}

export interface InstanceDetail extends InstanceSummary {
  data: Record<string, unknown>
  /** The XState state value. */
  state: unknown
  history: StepHistoryEntry[]
  openTasks: Task[]
  openIncidents: Incident[]
}

export interface StartInstanceResult {
  instance: InstanceSummary
  /** false when an idempotency key returned an earlier instance. */
  created: boolean
}

/** A webhook delivery's answer; a delivery id seen before returns the instance it started. */
export interface WebhookStartResult {
  instance: InstanceSummary
  duplicate: boolean
}

export type TaskStatus = 'open' | 'claimed' | 'completed' | 'rejected' | 'cancelled'

export interface Suggestion {
  provider: string
  produces: 'draft' | 'classification' | 'recommendation'
  field: string
  value: unknown
  /** 0..1: the local classifier's probability, or what an external model reported (or its answer's token probabilities); absent for a template draft. */
  confidence?: number
  explanation: string
}

export type Verdict = 'accept' | 'edit' | 'override'

export interface TaskFormField {
  id: string
  label: string
  type: string
  required: boolean
  options?: string[]
  min?: number
  max?: number
  help?: string
}

export type { CaseField }

export interface Task {
  id: string
  instanceId: string
  workflowId: string
  /** The workflow's name as deployed (absent on tasks made before names were kept with them). */
  workflowName?: string
  deploymentId: string
  nodeId: string
  kind: 'step' | 'decision'
  label: string
  /** The lane's id, as lane filters take it; `laneName` is what people read. */
  lane?: string
  laneName?: string
  /** The lane it was escalated to after an SLA breach. */
  escalatedTo?: string
  escalatedToName?: string
  /**
   * The item's data the step needs, by label, as it stood when the task was made: the fields the
   * step chose, or by default the trigger's inputs and the answers of earlier forms.
   */
  case?: CaseField[]
  status: TaskStatus
  assignee?: string
  form: { fields: TaskFormField[] }
  /** Decision tasks: the branches to pick from. */
  branches?: Array<{ id: string; label: string }>
  question?: string
  /** Prefilled values (from the assistant's suggestion). */
  prefill: Record<string, unknown>
  suggestion?: Suggestion
  /** Set when the assistant was asked but failed; the task is then the manual path. */
  assistantError?: string
  /** Set when the step was switched to manual: the work its service or assistant would have done. */
  fallback?: { reason: string }
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
}

export type IncidentStatus = 'open' | 'retried' | 'skipped' | 'cancelled'

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

export interface Percentiles {
  p50: number | null
  p90: number | null
}

/**
 * A step's (or decision's) figures; each is defined in the runtime README's metrics table. An
 * execution that started ends exactly one way: started = completed + rejected + failed +
 * cancelled + inProgress.
 */
export interface StepMetrics {
  nodeId: string
  label: string
  kind: string
  started: number
  completed: number
  /** Ended by a person's rejection (its rejection path). */
  rejected: number
  /** Ended by an error: its call failed for good (retries used up or not retryable). */
  failed: number
  /** Left unfinished: the item was cancelled, or the step's SLA timeout path took it elsewhere. */
  cancelled: number
  inProgress: number
  /** SLA timers that ran out while the step was open (escalated or timed out). */
  slaBreaches: number
  /** Milliseconds from entering the step to finishing it, less the time its task waited. */
  handlingTimeMs: Percentiles
  /** Milliseconds a person's task waited between creation and being claimed (or completed). */
  waitingTimeMs: Percentiles
  /** Executions a person handled (a task, a verdict, a fallback task) and ones a machine did in their place. */
  byPerson: number
  byMachine: number
  /** byMachine / (byMachine + byPerson), 0..1; null when neither happened. */
  automationShare: number | null
  /** Share of assistant suggestions people overrode, 0..1 (null when none). */
  overrideRate: number | null
  assistantFallbacks: number
  /** Suggestions applied without a person under the step's autonomy. */
  autoApplied: number
  /** Executions people did by hand while the step was switched to manual. */
  doneByFallback: number
  /** What people's executions here cost, in the workflow's currency (null when no cost is known). */
  cost: number | null
}

/** A workflow's figures; each is defined in the runtime README's metrics table. */
export interface WorkflowMetrics {
  workflowId: string
  /** ISO 4217 code of every cost, from the workflow document. */
  currency: string
  started: number
  completed: number
  rejected: number
  failed: number
  cancelled: number
  /** Items that ended, whatever the outcome: completed + rejected + failed + cancelled. */
  ended: number
  inProgress: number
  /** Of items that ended: start to end. */
  leadTimeMs: Percentiles
  /** Of items that ended: people's handling time, summed over the item. */
  touchTimeMs: Percentiles
  /** Of items that ended: time its tasks waited for a person, summed over the item. */
  waitingTimeMs: Percentiles
  /** Total touch time / total lead time of the items that ended, 0..1 (null when none). */
  processCycleEfficiency: number | null
  /** Share of ended items no person handled, 0..1 (null when none ended). */
  touchlessRate: number | null
  /** Over all steps: machine executions in place of a person / (those + people's executions). */
  automationShare: number | null
  /** Share of ended items that visited a step or decision more than once. */
  reworkRate: number | null
  overrideRate: number | null
  slaBreaches: number
  /** What the items that ended cost, in total and per item (null when no cost is known). */
  cost: number | null
  costPerItem: number | null
  steps: Record<string, StepMetrics>
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

/** A named secret for connectors (`{{secret:NAME}}`); its value is never sent back. */
export interface SecretSummary {
  name: string
  createdAt: string
  updatedAt: string
  updatedBy: Actor
}
