import {
  caseOf,
  durationToMs,
  type DecisionManifest,
  type Manifest,
  type StepManifest,
} from '@conveyor/shared'
import { randomUUID } from 'node:crypto'
import type { Suggestion, Task } from '../service/types'
import type { Engine } from './engine'
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
  | 'workflowName'
  | 'case'
> & {
  /** The names of the lanes the task is or may be escalated to, by id, as deployed. */
  laneNames?: Record<string, string>
}

/** The deployed names of the lane a node is in and of the lane its SLA escalates to. */
function laneNamesOf(manifest: Manifest, node: StepManifest | DecisionManifest): Record<string, string> {
  const names: Record<string, string> = {}
  for (const id of [node.lane, node.sla?.escalateTo]) {
    const lane = id === undefined ? undefined : manifest.lanes[id]
    if (id !== undefined && lane) names[id] = lane.name
  }
  return names
}

export function createTask(
  engine: Engine,
  live: LiveInstance,
  nodeId: string,
  visit: number,
  assistant: { suggestion?: Suggestion; assistantError?: string },
): void {
  const { compiled } = live.deployment
  const node = compiled.manifest.nodes[nodeId]
  if (node?.kind !== 'step' && node?.kind !== 'decision') return
  const now = engine.now()
  const { suggestion, assistantError } = assistant
  // Names and the item's data are kept with the task: the inbox shows them without the deployment.
  const about = {
    label: node.label,
    workflowName: compiled.name,
    laneNames: laneNamesOf(compiled.manifest, node),
    case: caseOf(compiled.manifest, nodeId, dataOf(live)),
  }
  const spec: TaskSpec =
    node.kind === 'step'
      ? {
          kind: 'step',
          ...about,
          form: { fields: node.form?.fields ?? [] },
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
  const id = randomUUID()
  const dueAt = node.sla ? now + durationToMs(node.sla.within) : null
  const w = engine.writer
  const base = {
    instanceId: live.id,
    workflowId: live.deployment.workflowId,
    deploymentId: live.deployment.id,
  }
  w.run(() =>
    engine.sql.insertTask.run(
      id,
      live.id,
      base.workflowId,
      base.deploymentId,
      nodeId,
      visit,
      node.lane ?? null,
      JSON.stringify(spec),
      dueAt,
      now,
    ),
  )
  w.event({
    ...base,
    at: now,
    type: 'task.created',
    nodeId,
    visit,
    detail: { taskId: id, lane: node.lane ?? null },
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
