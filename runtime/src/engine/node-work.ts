import {
  durationToMs,
  runClassOf,
  type DecisionManifest,
  type ManifestNode,
  type ManifestOf,
  type StepManifest,
  type WorkflowEvent,
} from '@conveyor/shared'
import type { AssistantProvider } from '../assistant/provider'
import { AssistedWork, assistantRequest } from './assisted-work'
import type { AutonomyPolicy } from '../autonomy/autonomy-policy'
import type { FallbackWork } from '../fallback/fallback-work'
import type { AddressPolicy } from '../connectors/address-policy'
import type { SecretSource } from '../connectors/call-secrets'
import { retryDelayMs, runConnector } from '../connectors/run-connector'
import { StepError } from '../connectors/step-error'
import { ExpressionError } from '../expressions/sandbox'
import { JsonLimitError } from '../limits/json-limits'
import { afterThisTransition, type BatchWriter, type Clock, type Dispatcher } from './engine-parts'
import type { IncidentTable } from './incidents'
import { dataOf, workId, type LiveInstance } from './live-instance'
import type { TaskTable } from './tasks'
import type { TimerTable } from './timer-table'

type Runner<K extends ManifestNode['kind']> = (
  live: LiveInstance,
  node: ManifestOf<K>,
  nodeId: string,
  visit: number,
  attempt: number,
) => Promise<void>

/** What node work needs from the rest of the engine. */
export interface NodeWorkParts {
  instances: Dispatcher
  writer: BatchWriter
  now: Clock
  timers: Pick<TimerTable, 'schedule'>
  tasks: Pick<TaskTable, 'create' | 'cancelAt'>
  incidents: Pick<IncidentTable, 'open'>
  policy: AddressPolicy
  secrets?: SecretSource
  assistant: AssistantProvider
  autonomy: Pick<AutonomyPolicy, 'route'>
  fallback: Pick<FallbackWork, 'takesOver' | 'failed' | 'assistantFailed' | 'succeeded'>
}

/** Nodes a person acts on through a task, once any assistant suggestion is in. */
export function isTaskNode(node: ManifestNode | undefined): boolean {
  return node !== undefined && runClassOf(node) === 'person'
}

/** What the engine does when an instance enters a node, and how results go back to the machine. */
export class NodeWork {
  private readonly instances: Dispatcher
  private readonly writer: BatchWriter
  private readonly now: Clock
  private readonly timers: NodeWorkParts['timers']
  private readonly tasks: NodeWorkParts['tasks']
  private readonly incidents: NodeWorkParts['incidents']
  private readonly policy: AddressPolicy
  private readonly secrets: SecretSource | undefined
  private readonly assistant: AssistantProvider
  private readonly assisted: AssistedWork
  private readonly fallback: NodeWorkParts['fallback']

  constructor(parts: NodeWorkParts) {
    this.instances = parts.instances
    this.writer = parts.writer
    this.now = parts.now
    this.timers = parts.timers
    this.tasks = parts.tasks
    this.incidents = parts.incidents
    this.policy = parts.policy
    this.secrets = parts.secrets
    this.assistant = parts.assistant
    this.fallback = parts.fallback
    this.assisted = new AssistedWork({ ...parts, results: this })
  }

  /**
   * The work of each kind of node. Kinds the engine passes through finish at once; idle kinds (a
   * fork, an end) never reach here, and a stray outbox row of theirs is closed the same way.
   */
  private readonly runners: { [K in ManifestNode['kind']]: Runner<K> } = {
    step: (live, node, nodeId, visit, attempt) => this.runStep(live, node, nodeId, visit, attempt),
    decision: (live, node, nodeId, visit) => this.runDecision(live, node, nodeId, visit),
    trigger: (live, _node, nodeId, visit, attempt) => this.passOn(live, nodeId, visit, attempt),
    exception: (live, _node, nodeId, visit, attempt) => this.passOn(live, nodeId, visit, attempt),
    join: (live, _node, nodeId, visit, attempt) => this.passOn(live, nodeId, visit, attempt),
    fork: (live, _node, nodeId, visit, attempt) => this.passOn(live, nodeId, visit, attempt),
    end: (live, _node, nodeId, visit, attempt) => this.passOn(live, nodeId, visit, attempt),
  }

  private async passOn(live: LiveInstance, nodeId: string, visit: number, attempt: number) {
    this.finish(live, nodeId, visit, attempt, { type: 'STEP_DONE', nodeId })
  }

  enter(live: LiveInstance, nodeId: string, visit: number): void {
    const node = live.deployment.compiled.manifest.nodes[nodeId]
    if (!node || runClassOf(node) === 'idle') return
    const now = this.now()
    if ('sla' in node && node.sla) {
      this.timers.schedule(live, nodeId, visit, 'sla', now + durationToMs(node.sla.within))
    }
    if (isTaskNode(node) && !assistantRequest(live, nodeId)) {
      this.tasks.create(live, nodeId, visit, {})
      return
    }
    this.writer.outboxPending(workId(live, nodeId, visit), live.id, nodeId, visit, now)
    this.perform(live, nodeId, visit, 1)
  }

  /** The instance left the node: tasks still open there are moot. */
  left(live: LiveInstance, nodeId: string): void {
    const handedOver = live.byHand.delete(nodeId)
    if (!handedOver && !isTaskNode(live.deployment.compiled.manifest.nodes[nodeId])) return
    this.tasks.cancelAt(live, nodeId)
  }

  /** Runs (or re-runs) the node's work; side effects only after the outbox row is committed. */
  perform(live: LiveInstance, nodeId: string, visit: number, attempt: number): void {
    const node = live.deployment.compiled.manifest.nodes[nodeId]
    // The most frequent kinds of work take a short path: no side effects, nothing to wait for.
    if (node && runClassOf(node) === 'pass-through') {
      afterThisTransition(() => this.finish(live, nodeId, visit, attempt, { type: 'STEP_DONE', nodeId }))
      return
    }
    // A step switched to manual makes a task in its fallback lane instead of its call.
    if (this.fallback.takesOver(live, nodeId, visit)) return
    if (node?.kind === 'step' && node.mode === 'automate' && node.automate?.connector.kind === 'transform') {
      this.transform(live, node, nodeId, visit, node.automate.connector.expression)
      return
    }
    const external =
      (node?.kind === 'step' && node.automate?.connector.kind === 'http') ||
      (this.assistant.external && assistantRequest(live, nodeId) !== undefined)
    live.busy++
    const run = () =>
      void this.run(live, nodeId, visit, attempt).finally(() => {
        live.busy--
        this.instances.releaseWhenIdle(live)
      })
    // Work that reaches outside (a request, an external assistant) starts only once its outbox row is
    // committed, so a crash cannot lose the record of a side effect already sent.
    if (external) this.writer.afterCommit(run)
    else afterThisTransition(run)
  }

  private async run(live: LiveInstance, nodeId: string, visit: number, attempt: number): Promise<void> {
    if (!this.instances.isCurrent(live, nodeId, visit)) return
    const node = live.deployment.compiled.manifest.nodes[nodeId]!
    try {
      await (this.runners[node.kind] as Runner<ManifestNode['kind']>)(live, node, nodeId, visit, attempt)
    } catch (error) {
      const failure =
        error instanceof StepError
          ? error
          : new StepError(error instanceof Error ? error.message : String(error), false)
      this.fail(live, nodeId, visit, attempt, failure)
    }
  }

  private transform(
    live: LiveInstance,
    step: StepManifest,
    nodeId: string,
    visit: number,
    expression: string,
  ) {
    const failed = (error: unknown) =>
      this.fail(
        live,
        nodeId,
        visit,
        1,
        error instanceof StepError
          ? error
          : new StepError(`transform expression: ${error instanceof Error ? error.message : error}`, false),
      )
    let evaluation: Promise<unknown>
    try {
      evaluation = live.deployment.expressions.get(expression).evaluate(dataOf(live))
    } catch (error) {
      afterThisTransition(() => failed(error))
      return
    }
    // A promise's callbacks run after this transition, as `afterThisTransition` would.
    evaluation.then((result) => {
      if (!step.output) return this.finish(live, nodeId, visit, 1, { type: 'STEP_DONE', nodeId, result })
      return this.reshape(live, step, result).then(
        (reshaped) => this.finish(live, nodeId, visit, 1, { type: 'STEP_DONE', nodeId, result: reshaped }),
        failed,
      )
    }, failed)
  }

  private async runStep(
    live: LiveInstance,
    step: StepManifest,
    nodeId: string,
    visit: number,
    attempt: number,
  ) {
    const request = assistantRequest(live, nodeId)
    if (request) return this.assisted.suggest(live, nodeId, visit, request)
    const key = workId(live, nodeId, visit)
    const outcome = await runConnector(
      {
        policy: this.policy,
        secrets: this.secrets,
        expressions: live.deployment.expressions,
        now: this.now(),
        idempotencyKey: key,
      },
      step,
      dataOf(live),
    )
    if (!this.instances.isCurrent(live, nodeId, visit)) return
    if (outcome.kind === 'wait') {
      this.writer.outboxStatus(key, 'done', attempt, null, this.now())
      this.timers.schedule(live, nodeId, visit, 'delay', outcome.dueAt)
      return
    }
    this.fallback.succeeded(live, nodeId)
    const result = await this.reshape(live, step, outcome.result)
    this.finish(live, nodeId, visit, attempt, { type: 'STEP_DONE', nodeId, result })
  }

  /** Applies the step's `output` expression over `{ data, result }`. */
  async reshape(live: LiveInstance, step: StepManifest, result: unknown): Promise<unknown> {
    if (!step.output) return result
    try {
      return await live.deployment.expressions.get(step.output).evaluate({ data: dataOf(live), result })
    } catch (error) {
      throw new StepError(
        `output expression: ${error instanceof ExpressionError ? error.message : error}`,
        false,
      )
    }
  }

  private async runDecision(live: LiveInstance, decision: DecisionManifest, nodeId: string, visit: number) {
    const request = assistantRequest(live, nodeId)
    if (request) {
      // A branch whose condition holds is the best recommendation there is: explainable and exact.
      const holding = await this.firstHolding(live, decision, false)
      if (!holding) return this.assisted.suggest(live, nodeId, visit, request)
      if (!this.instances.isCurrent(live, nodeId, visit)) return
      this.writer.outboxStatus(workId(live, nodeId, visit), 'done', 1, null, this.now())
      const explanation = `The condition of “${holding.label}” holds: ${holding.condition}`
      const suggestion = {
        provider: 'rule',
        produces: 'recommendation' as const,
        field: 'branch',
        value: holding.id,
      }
      this.tasks.create(live, nodeId, visit, {
        suggestion: { ...suggestion, confidence: 1, explanation },
      })
      return
    }
    const branch = (await this.firstHolding(live, decision, true))?.id ?? decision.defaultBranch
    if (!branch)
      throw new StepError('no branch condition holds and the decision has no default branch', false)
    this.finish(live, nodeId, visit, 1, { type: 'DECIDE', nodeId, branch })
  }

  /** The first branch whose condition holds (a branch without one holds when `unconditioned`). */
  private async firstHolding(live: LiveInstance, decision: DecisionManifest, unconditioned: boolean) {
    const data = dataOf(live)
    for (const candidate of decision.branches) {
      if (!candidate.condition) {
        if (unconditioned) return candidate
        continue
      }
      let holds: unknown
      try {
        holds = await live.deployment.expressions.get(candidate.condition).evaluate(data)
      } catch (error) {
        const message = error instanceof ExpressionError ? error.message : String(error)
        throw new StepError(`condition of branch "${candidate.id}": ${message}`, false)
      }
      if (holds === true) return candidate
    }
    return undefined
  }

  finish(
    live: LiveInstance,
    nodeId: string,
    visit: number,
    attempt: number,
    event: WorkflowEvent,
    by?: string,
  ) {
    if (!this.instances.isCurrent(live, nodeId, visit)) return
    try {
      // A failed commit is reported by the writer, not here.
      this.instances.send(live, event, by).catch(() => undefined)
    } catch (error) {
      if (!(error instanceof JsonLimitError)) throw error
      this.fail(live, nodeId, visit, attempt, new StepError(error.message, false))
      return
    }
    this.writer.outboxStatus(workId(live, nodeId, visit), 'done', attempt, null, this.now())
  }

  /** Retry with backoff while attempts remain; then the exception path, or an incident. */
  fail(live: LiveInstance, nodeId: string, visit: number, attempt: number, error: StepError): void {
    if (!this.instances.isCurrent(live, nodeId, visit)) return
    const node = live.deployment.compiled.manifest.nodes[nodeId]
    const step = node?.kind === 'step' ? node : undefined
    const now = this.now()
    const key = workId(live, nodeId, visit)
    const w = this.writer
    const base = {
      instanceId: live.id,
      workflowId: live.deployment.workflowId,
      deploymentId: live.deployment.id,
    }
    const maxAttempts = step?.automate?.retry.maxAttempts ?? 1
    const retries = error.retryable && attempt < maxAttempts
    // A call that failed for good counts towards the step's circuit breaker; once the step is
    // manual, people do this visit instead of a retry or the failure path.
    if (this.fallback.failed(live, nodeId, visit, error, retries)) return
    if (retries) {
      const dueAt = now + retryDelayMs(step!, attempt)
      w.outboxStatus(key, 'pending', attempt, error.message, now)
      w.event({
        ...base,
        at: now,
        type: 'retry',
        nodeId,
        visit,
        detail: { attempt, error: error.message, dueAt },
      })
      this.timers.schedule(live, nodeId, visit, 'retry', dueAt, attempt)
      return
    }
    w.outboxStatus(key, 'failed', attempt, error.message, now)
    w.event({ ...base, at: now, type: 'failed', nodeId, visit, detail: { attempt, error: error.message } })
    const exceptions = step?.exceptions ?? {}
    if (error.timedOut && exceptions.timeout) this.instances.dispatch(live, { type: 'STEP_TIMEOUT', nodeId })
    else if (exceptions.error)
      this.instances.dispatch(live, { type: 'STEP_FAILED', nodeId, error: error.message })
    else this.incidents.open(live, nodeId, visit, attempt, error.message)
  }
}
