import { durationToMs } from '@conveyor/shared'
import { randomUUID } from 'node:crypto'
import type { Suggestion, Task } from '../service/types'
import type { Engine } from './engine'
import type { LiveInstance } from './live-instance'

/** What a task row's `spec` column holds: everything a person needs to act, fixed at creation. */
export type TaskSpec = Pick<
  Task,
  'kind' | 'label' | 'form' | 'branches' | 'question' | 'prefill' | 'suggestion' | 'assistantError'
>

export function createTask(
  engine: Engine,
  live: LiveInstance,
  nodeId: string,
  visit: number,
  assistant: { suggestion?: Suggestion; assistantError?: string },
): void {
  const node = live.deployment.compiled.manifest.nodes[nodeId]
  if (node?.kind !== 'step' && node?.kind !== 'decision') return
  const now = engine.now()
  const { suggestion, assistantError } = assistant
  const spec: TaskSpec =
    node.kind === 'step'
      ? {
          kind: 'step',
          label: node.label,
          form: { fields: node.form?.fields ?? [] },
          prefill: suggestion ? { [suggestion.field]: suggestion.value } : {},
        }
      : {
          kind: 'decision',
          label: node.label,
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
