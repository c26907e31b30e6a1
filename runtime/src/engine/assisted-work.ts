import { leafPaths, onlyPaths, type StepManifest, type WorkflowEvent } from '@conveyor/shared'
import type { AssistantProvider, SuggestionRequest } from '../assistant/provider'
import type { AutonomyPolicy } from '../autonomy/autonomy-policy'
import type { AutonomyInForce } from '../autonomy/autonomy-routing'
import type { FallbackWork } from '../fallback/fallback-work'
import type { Suggestion } from '../service/types'
import type { BatchWriter, Clock, Dispatcher } from './engine-parts'
import { dataOf, workId, type LiveInstance } from './live-instance'
import type { TaskAssistance, TaskTable } from './tasks'

/** What the assistant is asked at a node, or undefined where no assistant works. */
export function assistantRequest(live: LiveInstance, nodeId: string): SuggestionRequest | undefined {
  const node = live.deployment.compiled.manifest.nodes[nodeId]
  if (node?.kind === 'step' && node.mode === 'augment' && node.assistant) {
    const { sees, ...task } = node.assistant
    // Deployments made before assistants had a data policy keep giving them the whole item.
    const data = sees ? onlyPaths(dataOf(live), sees) : dataOf(live)
    return { workflowId: live.deployment.workflowId, nodeId, data, ...task }
  }
  if (node?.kind === 'decision' && node.decidedBy === 'assistant') {
    return {
      workflowId: live.deployment.workflowId,
      nodeId,
      data: dataOf(live),
      produces: 'recommendation',
      instructions: node.question ?? node.label,
      labels: node.branches.map((b) => b.id),
      field: 'branch',
    }
  }
  return undefined
}

/** What asking the assistant needs from the rest of the engine. */
export interface AssistedWorkParts {
  instances: Pick<Dispatcher, 'isCurrent'>
  writer: Pick<BatchWriter, 'outboxStatus' | 'audit' | 'event'>
  now: Clock
  tasks: Pick<TaskTable, 'create'>
  assistant: AssistantProvider
  autonomy: Pick<AutonomyPolicy, 'route'>
  fallback: Pick<FallbackWork, 'assistantFailed' | 'succeeded'>
  /** How a step's result is shaped and handed back to the machine (node work does both). */
  results: StepResults
}

export interface StepResults {
  reshape(live: LiveInstance, step: StepManifest, result: unknown): Promise<unknown>
  finish(live: LiveInstance, nodeId: string, visit: number, attempt: number, event: WorkflowEvent): void
}

/**
 * Work the assistant does at a node: its suggestion becomes a person's task, or, where the step's
 * autonomy lets it, the step's answer.
 */
export class AssistedWork {
  constructor(private readonly parts: AssistedWorkParts) {}

  async suggest(live: LiveInstance, nodeId: string, visit: number, request: SuggestionRequest) {
    let outcome: TaskAssistance
    try {
      outcome = { suggestion: await this.parts.assistant.suggest(request) }
    } catch (error) {
      outcome = { assistantError: error instanceof Error ? error.message : String(error) }
    }
    const node = live.deployment.compiled.manifest.nodes[nodeId]
    const { suggestion } = outcome
    const route =
      suggestion && node?.kind === 'step'
        ? await this.parts.autonomy.route(
            { workflowId: live.deployment.workflowId, nodeId },
            node.autonomy,
            suggestion,
            workId(live, nodeId, visit),
          )
        : undefined
    // Checked after the last read: from here on the visit's outcome is written in one turn.
    if (!this.parts.instances.isCurrent(live, nodeId, visit)) return
    if (outcome.assistantError) this.parts.fallback.assistantFailed(live, nodeId, outcome.assistantError)
    else this.parts.fallback.succeeded(live, nodeId)
    const now = this.parts.now()
    // An applied suggestion's work is done once its result is in (`finish`): a crash before then asks again.
    if (route?.kind !== 'apply')
      this.parts.writer.outboxStatus(workId(live, nodeId, visit), 'done', 1, null, now)
    const confidence = suggestion?.confidence
    // The names of what left for the assistant, never the values: enough to check the data policy.
    this.parts.writer.audit({
      at: now,
      actor: 'system',
      action: 'assistant.asked',
      workflowId: live.deployment.workflowId,
      instanceId: live.id,
      nodeId,
      detail: {
        provider: this.parts.assistant.name,
        fields: leafPaths(request.data),
        ...(confidence === undefined ? {} : { confidence }),
      },
    })
    if (!route || !suggestion || node?.kind !== 'step') {
      this.parts.tasks.create(live, nodeId, visit, outcome)
      return
    }
    if (route.kind === 'apply') return this.apply(live, node, nodeId, visit, suggestion, route.inForce)
    if (route.kind === 'review') {
      this.parts.tasks.create(live, nodeId, visit, {
        ...outcome,
        ...(route.sampled ? { sampled: true } : {}),
      })
      return
    }
    // Unsure: prefilled in another lane, or a task that starts blank.
    this.parts.tasks.create(live, nodeId, visit, route.prefill ? { ...outcome, lane: route.lane } : {})
  }

  /** The step's autonomy lets the suggestion stand without a person: it is the step's answer. */
  private async apply(
    live: LiveInstance,
    step: StepManifest,
    nodeId: string,
    visit: number,
    suggestion: Suggestion,
    inForce: AutonomyInForce,
  ) {
    const result = await this.parts.results.reshape(live, step, { [suggestion.field]: suggestion.value })
    if (!this.parts.instances.isCurrent(live, nodeId, visit)) return
    const at = this.parts.now()
    const { confidence } = suggestion
    this.parts.writer.event({
      instanceId: live.id,
      workflowId: live.deployment.workflowId,
      deploymentId: live.deployment.id,
      at,
      type: 'assistant.applied',
      nodeId,
      visit,
      detail: { confidence: confidence ?? null, level: inForce.level },
    })
    this.parts.writer.audit({
      at,
      actor: 'system',
      action: 'assistant.applied',
      workflowId: live.deployment.workflowId,
      instanceId: live.id,
      nodeId,
      detail: {
        provider: suggestion.provider,
        field: suggestion.field,
        // A draft may quote the item; a label never does.
        ...(suggestion.produces === 'draft' ? {} : { value: suggestion.value }),
        confidence: confidence ?? null,
        level: inForce.level,
        threshold: inForce.threshold,
      },
    })
    this.parts.results.finish(live, nodeId, visit, 1, { type: 'STEP_DONE', nodeId, result })
  }
}
