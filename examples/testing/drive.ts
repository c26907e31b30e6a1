import jsonata from 'jsonata'
import {
  simulate,
  type CompiledWorkflow,
  type DecisionManifest,
  type ExceptionOn,
  type Form,
  type Outcome,
  type StepManifest,
  type WorkflowEvent,
} from '@conveyor/shared'

/** One path through an example, played the way the runtime would: rules and transforms evaluated for real. */
export interface Scenario {
  name: string
  trigger: string
  input?: Record<string, unknown>
  /**
   * What each HTTP call returns (after its `response` expression) or each person submits, by step
   * id; a list gives one result per visit.
   */
  results?: Record<string, StepResult | StepResult[]>
  /** Branches picked by people and assistants, by decision id, one per visit. */
  choices?: Record<string, string[]>
  /** Steps that fail on their first visit, and how. */
  failures?: Record<string, ExceptionOn>
  end: string
  outcome: Outcome
}

type StepResult = Record<string, unknown>

export interface Played {
  path: readonly string[]
  data: Record<string, unknown>
  finalNode: string | undefined
  outcome: Outcome | undefined
}

const failureEvents: Record<ExceptionOn, (nodeId: string) => WorkflowEvent> = {
  error: (nodeId) => ({ type: 'STEP_FAILED', nodeId, error: 'connection refused' }),
  timeout: (nodeId) => ({ type: 'STEP_TIMEOUT', nodeId }),
  rejection: (nodeId) => ({ type: 'STEP_REJECTED', nodeId, reason: 'not acceptable' }),
}

/** Plays a scenario to an end; throws, naming the node, when the example cannot go on. */
export async function play(compiled: CompiledWorkflow, scenario: Scenario): Promise<Played> {
  const simulation = simulate(compiled)
  const failures = new Map(Object.entries(scenario.failures ?? {}))
  const results = new Map(
    Object.entries(scenario.results ?? {}).map(([id, given]) => [
      id,
      Array.isArray(given) ? [...given] : given,
    ]),
  )
  const nextResult = (nodeId: string) => {
    const given = results.get(nodeId)
    return Array.isArray(given) ? given.shift() : given
  }
  const choices = new Map(Object.entries(scenario.choices ?? {}).map(([id, picks]) => [id, [...picks]]))
  const send = (event: WorkflowEvent) => {
    if (!simulation.can(event))
      throw new Error(`${scenario.name}: the workflow does not accept ${JSON.stringify(event)}`)
    simulation.send(event)
  }

  const trigger = compiled.manifest.nodes[scenario.trigger]
  if (trigger?.kind !== 'trigger') throw new Error(`${scenario.name}: "${scenario.trigger}" is not a trigger`)
  checkForm(`trigger "${scenario.trigger}"`, trigger.input, scenario.input)
  send({ type: 'START', trigger: scenario.trigger, ...(scenario.input ? { input: scenario.input } : {}) })
  for (let moves = 0; !simulation.done; moves++) {
    if (moves > 200) throw new Error(`${scenario.name}: no end reached after 200 moves`)
    const nodeId = simulation.activeNodes().find((id) => compiled.manifest.nodes[id]?.kind !== 'fork')
    if (nodeId === undefined) throw new Error(`${scenario.name}: stuck with nothing to do`)
    const node = compiled.manifest.nodes[nodeId]!
    if (node.kind === 'decision') {
      send({ type: 'DECIDE', nodeId, branch: await branchOf(node, nodeId, simulation.data, choices) })
    } else if (node.kind === 'step' && failures.has(nodeId)) {
      send(failureEvents[failures.get(nodeId)!](nodeId))
      failures.delete(nodeId)
    } else if (node.kind === 'step') {
      const result = await stepResult(node, nodeId, simulation.data, nextResult(nodeId))
      send({ type: 'STEP_DONE', nodeId, ...(result === undefined ? {} : { result }) })
    } else {
      send({ type: 'STEP_DONE', nodeId })
    }
  }
  const played = {
    path: [...simulation.path],
    data: simulation.data,
    finalNode: simulation.finalNode,
    outcome: simulation.outcome,
  }
  simulation.stop()
  return played
}

async function branchOf(
  decision: DecisionManifest,
  nodeId: string,
  data: Record<string, unknown>,
  choices: Map<string, string[]>,
): Promise<string> {
  if (decision.decidedBy !== 'rule') {
    const pick = choices.get(nodeId)?.shift()
    if (!pick)
      throw new Error(`decision "${nodeId}" is decided by a ${decision.decidedBy}: the scenario must pick`)
    return pick
  }
  for (const branch of decision.branches) {
    if (!branch.condition) return branch.id
    if ((await jsonata(branch.condition).evaluate(data)) === true) return branch.id
  }
  if (!decision.defaultBranch)
    throw new Error(`decision "${nodeId}": no condition holds and there is no default`)
  return decision.defaultBranch
}

async function stepResult(
  step: StepManifest,
  nodeId: string,
  data: Record<string, unknown>,
  given: Record<string, unknown> | undefined,
): Promise<unknown> {
  const connector = step.automate?.connector
  if (connector?.kind === 'transform') return jsonata(connector.expression).evaluate(data)
  if (connector?.kind === 'delay') return undefined
  if (step.form) checkForm(`step "${nodeId}"`, step.form, given)
  return given
}

/** What a scenario submits must be what the form asks: no unknown fields, every required one. */
function checkForm(owner: string, form: Form | undefined, values: Record<string, unknown> | undefined) {
  const fields = new Map((form?.fields ?? []).map((field) => [field.id, field]))
  for (const key of Object.keys(values ?? {})) {
    if (!fields.has(key)) throw new Error(`${owner}: the scenario submits "${key}", which its form lacks`)
  }
  for (const field of fields.values()) {
    if (field.required && values?.[field.id] === undefined) {
      throw new Error(`${owner}: the scenario leaves required field "${field.id}" empty`)
    }
  }
}
