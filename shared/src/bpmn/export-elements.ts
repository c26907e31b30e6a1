import type { NodeKind, NodeOfKind, StepMode, WorkflowDocument, WorkflowNode } from '../model'
import { durationToIso } from './bpmn-times'
import type { BpmnModdle, ModdleObject } from './moddle'

/** What a node becomes in BPMN: its element type, attributes and event definition. */
export interface ElementSpec {
  type: string
  properties?: Record<string, unknown>
  eventDefinition?: ModdleObject
}

export interface ElementContext {
  moddle: BpmnModdle
  document: WorkflowDocument
  /** A root element a definition refers to (a signal), made once per name. */
  signal(name: string): ModdleObject
}

const taskOfMode: Record<StepMode, string> = {
  human: 'bpmn:UserTask',
  augment: 'bpmn:UserTask',
  automate: 'bpmn:ServiceTask',
}

const expression = (context: ElementContext, body: string) =>
  context.moddle.create('bpmn:FormalExpression', { body })

type Exporter<K extends NodeKind> = (node: NodeOfKind<K>, context: ElementContext) => ElementSpec

/** How long a step may take before its timeout exception: its SLA, else its connector's limit. */
function timeoutOf(hostId: string, document: WorkflowDocument): string | undefined {
  const host = document.nodes.find((node) => node.id === hostId)
  const data = host?.data as { sla?: { within: string }; automate?: { timeout?: string } } | undefined
  const within = data?.sla?.within ?? data?.automate?.timeout
  return within ? durationToIso(within) : undefined
}

/** Each kind as BPMN, the way the importer reads it back. */
export const elementExporters: { [K in NodeKind]: Exporter<K> } = {
  trigger: ({ data }, context) => {
    const { moddle } = context
    const start = data.start
    const definitions: Record<string, () => ModdleObject | undefined> = {
      manual: () => undefined,
      webhook: () => moddle.create('bpmn:MessageEventDefinition'),
      schedule: () =>
        moddle.create('bpmn:TimerEventDefinition', {
          timeCycle: expression(context, 'cron' in start ? start.cron : ''),
        }),
      event: () =>
        moddle.create('bpmn:SignalEventDefinition', {
          signalRef: context.signal('event' in start ? start.event : 'event'),
        }),
    }
    const eventDefinition = definitions[start.kind]?.()
    return { type: 'bpmn:StartEvent', ...(eventDefinition ? { eventDefinition } : {}) }
  },
  step: ({ data }) => ({ type: taskOfMode[data.mode], properties: { 'conveyor:mode': data.mode } }),
  decision: () => ({ type: 'bpmn:ExclusiveGateway' }),
  exception: ({ data }, context) => {
    const duration = data.on === 'timeout' ? timeoutOf(data.attachedTo, context.document) : undefined
    const eventDefinition =
      data.on === 'timeout'
        ? context.moddle.create(
            'bpmn:TimerEventDefinition',
            duration ? { timeDuration: expression(context, duration) } : {},
          )
        : context.moddle.create('bpmn:ErrorEventDefinition')
    return { type: 'bpmn:BoundaryEvent', eventDefinition }
  },
  fork: () => ({ type: 'bpmn:ParallelGateway', properties: { gatewayDirection: 'Diverging' } }),
  join: () => ({ type: 'bpmn:ParallelGateway', properties: { gatewayDirection: 'Converging' } }),
  end: ({ data }, { moddle }) => {
    const eventDefinition =
      data.outcome === 'failed'
        ? moddle.create('bpmn:ErrorEventDefinition')
        : data.outcome === 'cancelled'
          ? moddle.create('bpmn:TerminateEventDefinition')
          : undefined
    return {
      type: 'bpmn:EndEvent',
      properties: { 'conveyor:outcome': data.outcome },
      ...(eventDefinition ? { eventDefinition } : {}),
    }
  },
  note: () => ({ type: 'bpmn:TextAnnotation' }),
}

export function elementSpecOf(node: WorkflowNode, context: ElementContext): ElementSpec {
  return (elementExporters[node.type] as Exporter<NodeKind>)(node as NodeOfKind<NodeKind>, context)
}

/** The node's data beyond what its BPMN element says, for `<conveyor:data>`. */
export function extensionDataOf(node: WorkflowNode, inLane: boolean): Record<string, unknown> {
  const { label: _label, description: _description, lane, ...rest } = node.data as Record<string, unknown>
  delete rest.mode
  delete rest.attachedTo
  return lane !== undefined && !inLane ? { ...rest, lane } : rest
}
