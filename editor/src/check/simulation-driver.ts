import {
  runClassOf,
  type Branch,
  type CompiledWorkflow,
  type DecidedBy,
  type ExceptionOn,
  type Form,
  type ManifestNode,
  type ManifestOf,
  type StepMode,
  type WorkflowEvent,
} from '@conveyor/shared'
import { decideByRules, simulate, type Simulation } from '@conveyor/shared/simulate/index'
import type { NodeOverlay } from '../app/extensions'

/** What the person simulating is asked to do at an active node. */
export type PendingWork =
  | { kind: 'automated'; nodeId: string; label: string; outcomes: Outcome[] }
  | { kind: 'form'; nodeId: string; label: string; mode: StepMode; form: Form; outcomes: Outcome[] }
  | {
      kind: 'decision'
      nodeId: string
      label: string
      decidedBy: DecidedBy
      question?: string
      branches: Branch[]
      /** Why a rule decision asks instead of taking its branch by itself. */
      reason?: string
    }

/** The other ways a step can end, offered only where the diagram has an exception path for them. */
export interface Outcome {
  on: ExceptionOn
  label: string
  event: WorkflowEvent
}

const outcomeLabels: Record<ExceptionOn, string> = {
  error: 'Fails',
  timeout: 'Is late',
  rejection: 'Is rejected',
}
type PendingAt<K extends ManifestNode['kind']> = (node: ManifestOf<K>, nodeId: string) => PendingWork[]
const maxAutomaticSteps = 10_000

/**
 * Steps an instance of the compiled machine through the in-browser runner. Triggers, exception
 * paths and joins move on by themselves (the runtime does them without anyone), and so do rule
 * decisions whose conditions can be worked out on the data entered so far; automated steps,
 * people's steps and the other decisions wait for the person simulating.
 */
export class SimulationDriver {
  private readonly simulation: Simulation
  readonly log: string[] = []

  constructor(readonly compiled: CompiledWorkflow) {
    this.simulation = simulate(compiled)
  }

  get started(): boolean {
    return this.simulation.path.length > 0
  }

  get done(): boolean {
    return this.simulation.done
  }

  get outcome(): string | undefined {
    return this.simulation.outcome
  }

  get data(): Record<string, unknown> {
    return this.simulation.data
  }

  start(trigger: string, input: Record<string, unknown>): void {
    this.simulation.start(trigger, input)
    this.log.push(`Started by ${this.label(trigger)}`)
    this.moveOn()
  }

  pending(): PendingWork[] {
    return this.simulation.activeNodes().flatMap((nodeId): PendingWork[] => {
      const node = this.compiled.manifest.nodes[nodeId]
      return node ? (this.pendingAt[node.kind] as PendingAt<ManifestNode['kind']>)(node, nodeId) : []
    })
  }

  /** What each kind of node asks of the person simulating; the kinds that move on by themselves ask nothing. */
  private readonly pendingAt: { [K in ManifestNode['kind']]: PendingAt<K> } = {
    decision: (node, nodeId) => [
      {
        kind: 'decision',
        nodeId,
        label: node.label,
        decidedBy: node.decidedBy,
        question: node.question,
        branches: node.branches,
        ...(node.decidedBy === 'rule' ? askReason(decideByRules(node, this.simulation.data)) : {}),
      },
    ],
    step: (node, nodeId) => {
      const outcomes = (Object.keys(node.exceptions) as ExceptionOn[]).flatMap((on): Outcome[] => {
        const event: WorkflowEvent =
          on === 'error'
            ? { type: 'STEP_FAILED', nodeId, error: 'failed in simulation' }
            : on === 'timeout'
              ? { type: 'STEP_TIMEOUT', nodeId }
              : { type: 'STEP_REJECTED', nodeId }
        return this.simulation.can(event) ? [{ on, label: outcomeLabels[on], event }] : []
      })
      if (node.mode === 'automate') return [{ kind: 'automated', nodeId, label: node.label, outcomes }]
      return [
        {
          kind: 'form',
          nodeId,
          label: node.label,
          mode: node.mode,
          form: node.form ?? { fields: [] },
          outcomes,
        },
      ]
    },
    trigger: () => [],
    exception: () => [],
    fork: () => [],
    join: () => [],
    end: () => [],
  }

  complete(nodeId: string, result?: unknown): void {
    this.simulation.complete(nodeId, result)
    this.log.push(`${this.label(nodeId)}: done`)
    this.moveOn()
  }

  decide(nodeId: string, branch: string): void {
    this.simulation.decide(nodeId, branch)
    const node = this.compiled.manifest.nodes[nodeId]
    const label =
      node?.kind === 'decision' ? node.branches.find((entry) => entry.id === branch)?.label : branch
    this.log.push(`${this.label(nodeId)}: ${label ?? branch}`)
    this.moveOn()
  }

  takeOutcome(outcome: Outcome): void {
    this.simulation.send(outcome.event)
    if ('nodeId' in outcome.event)
      this.log.push(`${this.label(outcome.event.nodeId)}: ${outcome.label.toLowerCase()}`)
    this.moveOn()
  }

  /** Active nodes as `active` (or `waiting` for a person), the path taken as `visited`. */
  overlay(): NodeOverlay {
    const overlay: NodeOverlay = {}
    const visits = new Map<string, number>()
    for (const id of this.simulation.path) visits.set(id, (visits.get(id) ?? 0) + 1)
    for (const [id, count] of visits)
      overlay[id] = { status: 'visited', badges: count > 1 ? [`visited ×${count}`] : [] }
    for (const work of this.pending()) {
      overlay[work.nodeId] = {
        ...overlay[work.nodeId],
        status: work.kind === 'automated' ? 'active' : 'waiting',
      }
    }
    const final = this.simulation.finalNode
    if (final && overlay[final])
      overlay[final] = { status: 'visited', badges: [`ended: ${this.simulation.outcome ?? 'done'}`] }
    return overlay
  }

  stop(): void {
    this.simulation.stop()
  }

  private label(nodeId: string): string {
    return this.compiled.manifest.nodes[nodeId]?.label ?? nodeId
  }

  private moveOn(): void {
    for (let step = 0; step < maxAutomaticSteps; step++) {
      if (!this.passAutomatic() && !this.decideByRule()) return
    }
  }

  private passAutomatic(): boolean {
    const next = this.simulation.activeNodes().find((id) => {
      const node = this.compiled.manifest.nodes[id]
      return node !== undefined && runClassOf(node) === 'pass-through'
    })
    if (!next || !this.simulation.can({ type: 'STEP_DONE', nodeId: next })) return false
    this.simulation.complete(next)
    return true
  }

  /** Takes the branch of the first rule decision whose conditions settle it on the data. */
  private decideByRule(): boolean {
    for (const nodeId of this.simulation.activeNodes()) {
      const node = this.compiled.manifest.nodes[nodeId]
      if (node?.kind !== 'decision' || node.decidedBy !== 'rule') continue
      const decision = decideByRules(node, this.simulation.data)
      if (!('branch' in decision)) continue
      if (!this.simulation.can({ type: 'DECIDE', nodeId, branch: decision.branch })) continue
      this.simulation.decide(nodeId, decision.branch)
      const label = node.branches.find((branch) => branch.id === decision.branch)?.label ?? decision.branch
      this.log.push(`${node.label}: ${label} (${decision.because})`)
      return true
    }
    return false
  }
}

function askReason(decision: ReturnType<typeof decideByRules>): { reason?: string } {
  return 'ask' in decision ? { reason: decision.ask } : {}
}
