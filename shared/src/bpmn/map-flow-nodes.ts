import type { ExceptionOn, NodeKind, StepMode } from '../model'
import { durationFromIso } from './bpmn-times'
import { endOutcomeOf, eventDefinitionOf, timerText, triggerStartOf, waitOf } from './map-events'
import { childOf, listOf, textOf, type ModdleObject } from './moddle'
import type { BpmnImportOutcome } from './import-report'

export interface MapContext {
  /** How many sequence flows enter and leave the element. */
  incoming: number
  outgoing: number
  note(outcome: BpmnImportOutcome, message: string, hint: string): void
}

/** What one BPMN flow element becomes. */
export type Mapped =
  | {
      become: 'node'
      type: NodeKind
      /** The kind-specific data (label, description and lane are added by the caller). */
      data: Record<string, unknown>
      /** A second node its outgoing flows leave from (a gateway that both joins and splits). */
      then?: { type: NodeKind; data: Record<string, unknown> }
      /** For a timer on a step: how long the step may take (its SLA). */
      hostSla?: string
      /** Its outgoing flows are branches, each with its condition (a gateway that decides). */
      branching?: true
    }
  /** Left out, its incoming flows joined to its outgoing ones. */
  | { become: 'pass-through' }
  /** Left out with its flows. */
  | { become: 'nothing' }

type Mapper = (element: ModdleObject, context: MapContext) => Mapped

const modeAttribute = (element: ModdleObject): StepMode | undefined => {
  const mode = element.get('conveyor:mode')
  return mode === 'automate' || mode === 'augment' || mode === 'human' ? mode : undefined
}

const step =
  (mode: StepMode, approximation?: { message: string; hint: string }): Mapper =>
  (element, context) => {
    const loop = childOf(element, 'loopCharacteristics')
    if (loop) {
      context.note(
        'approximated',
        loop.$type === 'bpmn:MultiInstanceLoopCharacteristics'
          ? 'It runs once per item of a collection in BPMN; here it runs once'
          : 'It loops in BPMN; here it runs once',
        'Draw the repeat as a decision that leads back to the step.',
      )
    }
    if (approximation && !modeAttribute(element))
      context.note('approximated', approximation.message, approximation.hint)
    return { become: 'node', type: 'step', data: { mode: modeAttribute(element) ?? mode } }
  }

const keptAsOneStep: Mapper = (element, context) => {
  const inner = listOf(element, 'flowElements').filter((child) => child.$type !== 'bpmn:SequenceFlow')
  const what = element.$type === 'bpmn:CallActivity' ? 'A call to another process' : 'A subprocess'
  context.note(
    'approximated',
    inner.length > 0
      ? `${what} became one human step; its ${inner.length} inner elements are not in the workflow`
      : `${what} became one human step`,
    'Draw its work as steps in this workflow, or keep it as one step done by people.',
  )
  return { become: 'node', type: 'step', data: { mode: modeAttribute(element) ?? 'human' } }
}

const exclusiveGateway =
  (approximation?: { message: string; hint: string }, decidedBy: 'rule' | 'person' = 'rule'): Mapper =>
  (_element, context) => {
    if (context.outgoing <= 1) {
      context.note(
        'dropped',
        'A gateway that only merges flows was left out; its flows go straight on',
        'Nothing to do: a Conveyor node takes any number of incoming connections.',
      )
      return { become: 'pass-through' }
    }
    if (approximation) context.note('approximated', approximation.message, approximation.hint)
    return { become: 'node', type: 'decision', data: { decidedBy }, branching: true }
  }

const parallelGateway: Mapper = (element, context) => {
  const { incoming, outgoing } = context
  // A direction written in the file (Conveyor writes it) says which it is, however many flows meet.
  const direction = element.get('gatewayDirection')
  if (direction === 'Diverging' && outgoing > 1) return { become: 'node', type: 'fork', data: {} }
  if (direction === 'Converging' && incoming > 1) return { become: 'node', type: 'join', data: {} }
  if (incoming <= 1 && outgoing <= 1) {
    context.note('dropped', 'A parallel gateway with one way in and out was left out', 'Nothing to do.')
    return { become: 'pass-through' }
  }
  if (incoming > 1 && outgoing > 1) {
    context.note(
      'approximated',
      'A parallel gateway that both joins and splits became a join followed by a fork',
      'Nothing to do, unless the branches should meet somewhere else.',
    )
    return { become: 'node', type: 'join', data: {}, then: { type: 'fork', data: {} } }
  }
  return { become: 'node', type: outgoing > 1 ? 'fork' : 'join', data: {} }
}

const startEvent: Mapper = (element, context) => {
  const { value, approximation } = triggerStartOf(element)
  if (approximation) context.note('approximated', approximation.message, approximation.hint)
  return { become: 'node', type: 'trigger', data: { start: value } }
}

const endEvent: Mapper = (element, context) => {
  const { value, approximation } = endOutcomeOf(element)
  if (approximation) context.note('approximated', approximation.message, approximation.hint)
  const outcome = textOf(element, 'conveyor:outcome')
  return { become: 'node', type: 'end', data: { outcome: outcome ?? value } }
}

const boundaryEvent: Mapper = (element, context) => {
  const { type, definition } = eventDefinitionOf(element)
  const host = childOf(element, 'attachedToRef')
  const on: ExceptionOn = type === 'Timer' ? 'timeout' : 'error'
  const interrupting = element.get('cancelActivity') !== false
  if (type !== 'Timer' && type !== 'Error') {
    context.note(
      'approximated',
      `A ${type.toLowerCase()} boundary event became an exception on error`,
      'Conveyor leaves a step on an error, a timeout or a rejection: pick the one that fits.',
    )
  } else if (type === 'Timer' && !interrupting) {
    context.note(
      'approximated',
      'A non-interrupting timer became a timeout that leaves the step',
      "To keep the step open and hand it on, set the step's SLA with a lane to escalate to.",
    )
  }
  const within = type === 'Timer' ? durationFromIso(timerText(definition, 'timeDuration')) : undefined
  return {
    become: 'node',
    type: 'exception',
    data: { attachedTo: host?.get('id'), on },
    ...(within ? { hostSla: within } : {}),
  }
}

const intermediateEvent: Mapper = (element, context) => {
  const wait = waitOf(element)
  if (wait) {
    return {
      become: 'node',
      type: 'step',
      data: { mode: 'automate', automate: { connector: { kind: 'delay', duration: wait } } },
    }
  }
  const { type } = eventDefinitionOf(element)
  context.note(
    'dropped',
    `A ${type === 'None' ? 'plain' : type.toLowerCase()} intermediate event was left out; its flows go straight on`,
    'Add a step where the flow should send or wait for something.',
  )
  return { become: 'pass-through' }
}

/** Every BPMN flow element Conveyor takes over, by type; anything else is dropped and reported. */
export const flowNodeMappers: Record<string, Mapper> = {
  'bpmn:StartEvent': startEvent,
  'bpmn:EndEvent': endEvent,
  'bpmn:BoundaryEvent': boundaryEvent,
  'bpmn:IntermediateCatchEvent': intermediateEvent,
  'bpmn:IntermediateThrowEvent': intermediateEvent,
  'bpmn:UserTask': step('human'),
  'bpmn:ManualTask': step('human'),
  'bpmn:Task': step('human', {
    message: 'A task of no type became a human step',
    hint: 'Switch it to automate if a system does this work.',
  }),
  'bpmn:ReceiveTask': step('human', {
    message: 'A task waiting for a message became a human step: a person says when it arrived',
    hint: 'Or start the workflow from a webhook where the message arrives.',
  }),
  'bpmn:ServiceTask': step('automate'),
  'bpmn:SendTask': step('automate'),
  'bpmn:ScriptTask': step('automate'),
  'bpmn:BusinessRuleTask': step('automate'),
  'bpmn:SubProcess': keptAsOneStep,
  'bpmn:AdHocSubProcess': keptAsOneStep,
  'bpmn:Transaction': keptAsOneStep,
  'bpmn:CallActivity': keptAsOneStep,
  'bpmn:ExclusiveGateway': exclusiveGateway(),
  'bpmn:InclusiveGateway': exclusiveGateway({
    message: 'An inclusive gateway became a decision: one branch is taken, the first whose condition holds',
    hint: 'If several branches must run together, use a fork with a decision on each branch.',
  }),
  'bpmn:ComplexGateway': exclusiveGateway({
    message: 'A complex gateway became a decision taking one branch',
    hint: 'Check the branches and their conditions.',
  }),
  'bpmn:EventBasedGateway': exclusiveGateway(
    {
      message: 'An event-based gateway became a decision a person makes',
      hint: 'A person picks the branch of the event that happened.',
    },
    'person',
  ),
  'bpmn:ParallelGateway': parallelGateway,
}
