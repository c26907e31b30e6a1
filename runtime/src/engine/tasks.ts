import {
  caseOf,
  durationToMs,
  type Form,
  type DecisionManifest,
  type Manifest,
  type StepManifest,
} from '@conveyor/shared'
import { randomUUID } from 'node:crypto'
import type { Suggestion, Task } from '../service/types'
import {
  cancelOpenTasksAt,
  escalateOpenTasks,
  insertTask,
  taskRow,
  updateTask,
  type TaskRow,
} from '../store/repositories/task-rows'
import type { SqlExecutor } from '../store/sql'
import type { BatchWriter, Clock } from './engine-parts'
import { dataOf, type LiveInstance } from './live-instance'

/** What a task row's `spec` column holds: everything a person needs to act, fixed at creation. */
export type TaskSpec = Pick<
  Task,
  | 'kind'
  | 'label'
  | 'form'
  | 'branches'
  | 'question'
  | 'prefill'
  | 'suggestion'
  | 'assistantError'
  | 'fallback'
  | 'workflowName'
  | 'case'
> & {
  /** The names of the lanes the task is or may be escalated to, by id, as deployed. */
  laneNames?: Record<string, string>
  /** Set when the suggestion could have been applied without a person and this visit was sampled. */
  review?: { sampled: boolean }
}

export type { TaskRow }

/** What the assistant brought to a task: a suggestion, or why there is none. */
export interface TaskAssistance {
  suggestion?: Suggestion
  assistantError?: string
  /** A sampled review of a suggestion the step's autonomy would have applied. */
  sampled?: boolean
  /** Another lane than the step's: where its autonomy sends suggestions below the threshold. */
  lane?: string
  /** The step is switched to manual: its fallback form, and why it is manual. */
  fallback?: { form: Form; reason: string }
}

/** The deployed names of the lane a node is in and of the lane its SLA escalates to. */
function laneNamesOf(
  manifest: Manifest,
  node: StepManifest | DecisionManifest,
  lane: string | undefined,
): Record<string, string> {
  const names: Record<string, string> = {}
  for (const id of [lane, node.sla?.escalateTo]) {
    const lane = id === undefined ? undefined : manifest.lanes[id]
    if (id !== undefined && lane) names[id] = lane.name
  }
  return names
}

/** The tasks table: people's work, recorded in the open batch. */
export class TaskTable {
  constructor(
    private readonly sql: SqlExecutor,
    private readonly writer: BatchWriter,
    private readonly now: Clock,
  ) {}

  get(taskId: string): Promise<TaskRow | undefined> {
    return taskRow(this.sql, taskId)
  }

  create(live: LiveInstance, nodeId: string, visit: number, assistant: TaskAssistance): void {
    const { compiled } = live.deployment
    const node = compiled.manifest.nodes[nodeId]
    if (node?.kind !== 'step' && node?.kind !== 'decision') return
    const now = this.now()
    const { suggestion, assistantError } = assistant
    const lane = assistant.lane ?? node.lane
    // Names and the item's data are kept with the task: the inbox shows them without the deployment.
    const about = {
      label: node.label,
      workflowName: compiled.name,
      laneNames: laneNamesOf(compiled.manifest, node, lane),
      case: caseOf(compiled.manifest, nodeId, dataOf(live)),
    }
    const spec: TaskSpec =
      node.kind === 'step'
        ? {
            kind: 'step',
            ...about,
            form: { fields: (assistant.fallback?.form ?? node.form)?.fields ?? [] },
            prefill: suggestion ? { [suggestion.field]: suggestion.value } : {},
          }
        : {
            kind: 'decision',
            ...about,
            form: { fields: [] },
            branches: node.branches.map((b) => ({ id: b.id, label: b.label })),
            prefill: suggestion ? { branch: suggestion.value } : {},
            ...(node.question ? { question: node.question } : {}),
          }
    if (suggestion) spec.suggestion = suggestion
    if (assistantError) spec.assistantError = assistantError
    if (assistant.sampled) spec.review = { sampled: true }
    if (assistant.fallback) spec.fallback = { reason: assistant.fallback.reason }
    const id = randomUUID()
    const dueAt = node.sla ? now + durationToMs(node.sla.within) : null
    const w = this.writer
    const base = {
      instanceId: live.id,
      workflowId: live.deployment.workflowId,
      deploymentId: live.deployment.id,
    }
    const { sql, params } = insertTask({
      id,
      instance_id: live.id,
      workflow_id: base.workflowId,
      deployment_id: base.deploymentId,
      node_id: nodeId,
      visit,
      lane: lane ?? null,
      spec: JSON.stringify(spec),
      due_at: dueAt,
      created_at: now,
    })
    w.write(sql, params)
    w.event({
      ...base,
      at: now,
      type: 'task.created',
      nodeId,
      visit,
      detail: { taskId: id, lane: lane ?? null, ...(assistant.fallback ? { fallback: true } : {}) },
    })
    if (assistantError) {
      w.event({
        ...base,
        at: now,
        type: 'assistant.fallback',
        nodeId,
        visit,
        detail: { error: assistantError },
      })
    }
  }

  /** The instance left the node: tasks still open there are moot. */
  cancelAt(live: LiveInstance, nodeId: string): void {
    const { sql, params } = cancelOpenTasksAt(live.id, nodeId, this.now())
    this.writer.write(sql, params)
  }

  /** Open tasks of the node's visit go to `lane`'s inbox (they stay open). */
  escalate(live: LiveInstance, nodeId: string, visit: number, lane: string): void {
    const { sql, params } = escalateOpenTasks(live.id, nodeId, visit, lane)
    this.writer.write(sql, params)
  }

  /** Writes the row's changed state in the open batch. */
  update(next: TaskRow): void {
    const { sql, params } = updateTask(next)
    this.writer.write(sql, params)
  }
}
