import type { WorkflowDocument } from '../model'
import { BpmnIdRegistry } from './bpmn-id-registry'
import { conveyorNamespace } from './conveyor-extension'
import { elementSpecOf, extensionDataOf, type ElementContext } from './export-elements'
import { exportDiagram } from './export-diagram'
import { createModdle, type ModdleObject } from './moddle'

/** Conditions are JSONata; BPMN names an expression language by URI. */
export const jsonataLanguage = 'https://jsonata.org'

const documentExtensionFields = [
  'owner',
  'valueStream',
  'targets',
  'deploysNeedApproval',
  'circuitBreaker',
] as const

/**
 * Writes a workflow as BPMN 2.0 XML with DI, as BPMN tools (bpmn-js, Camunda Modeler) read it:
 * steps as user or service tasks, decisions as exclusive gateways with JSONata conditions and a
 * default flow, forks and joins as parallel gateways, exceptions as boundary events, lanes in one
 * pool. What BPMN has no place for (a step's mode, forms, connectors, facts) rides along in the
 * `conveyor:` extension, so importing the file gives the same workflow back.
 */
export async function exportBpmn(document: WorkflowDocument): Promise<string> {
  const moddle = createModdle()
  const ids = new BpmnIdRegistry()
  const idOf = new Map<string, string>()
  // Nodes first: they keep their ids; an edge or lane whose id a node has takes another.
  for (const node of document.nodes) idOf.set(`node:${node.id}`, ids.take(node.id))
  for (const edge of document.edges) idOf.set(`edge:${edge.id}`, ids.take(edge.id))
  for (const lane of document.lanes) idOf.set(`lane:${lane.id}`, ids.take(lane.id))
  const keyed = (bpmnId: string, conveyorId: string) =>
    bpmnId === conveyorId ? {} : { 'conveyor:key': conveyorId }
  const documentation = (text: string | undefined) =>
    text ? [moddle.create('bpmn:Documentation', { text })] : undefined
  const extension = (value: Record<string, unknown>) =>
    moddle.create('bpmn:ExtensionElements', {
      values: [moddle.create('conveyor:Data', { json: JSON.stringify(value) })],
    })

  const rootElements: ModdleObject[] = []
  const signals = new Map<string, ModdleObject>()
  const context: ElementContext = {
    moddle,
    document,
    signal: (name) => {
      const known = signals.get(name)
      if (known) return known
      const signal = moddle.create('bpmn:Signal', { id: ids.take(`Signal_${name}`), name })
      signals.set(name, signal)
      rootElements.push(signal)
      return signal
    },
  }

  const laneIds = new Set(document.lanes.map((lane) => lane.id))
  const elements = new Map<string, ModdleObject>()
  const flowElements: ModdleObject[] = []
  const artifacts: ModdleObject[] = []
  for (const node of document.nodes) {
    const spec = elementSpecOf(node, context)
    const id = idOf.get(`node:${node.id}`)!
    const isNote = spec.type === 'bpmn:TextAnnotation'
    const inLane = !isNote && node.data.lane !== undefined && laneIds.has(node.data.lane)
    const element = moddle.create(spec.type, {
      id,
      ...(isNote ? { text: node.data.label } : { name: node.data.label }),
      ...keyed(id, node.id),
      ...spec.properties,
      ...(spec.eventDefinition ? { eventDefinitions: [spec.eventDefinition] } : {}),
      documentation: documentation(node.data.description),
      extensionElements: extension(extensionDataOf(node, inLane)),
      ...(node.width !== undefined ? { 'conveyor:width': node.width } : {}),
      ...(node.height !== undefined ? { 'conveyor:height': node.height } : {}),
    })
    elements.set(node.id, element)
    ;(isNote ? artifacts : flowElements).push(element)
  }
  for (const node of document.nodes) {
    const attachedTo = (node.data as { attachedTo?: string }).attachedTo
    const host = attachedTo === undefined ? undefined : elements.get(attachedTo)
    if (host) elements.get(node.id)!.set('attachedToRef', host)
  }

  const flows: Array<{ flow: ModdleObject; source: string; target: string }> = []
  for (const edge of document.edges) {
    const source = elements.get(edge.source)
    const target = elements.get(edge.target)
    if (!source || !target) continue
    const id = idOf.get(`edge:${edge.id}`)!
    const branches = document.nodes.find((node) => node.id === edge.source)?.data as {
      branches?: Array<{ id: string; condition?: string }>
      defaultBranch?: string
    }
    const branch = branches.branches?.find((candidate) => candidate.id === edge.sourceHandle)
    const flow = moddle.create('bpmn:SequenceFlow', {
      id,
      ...keyed(id, edge.id),
      ...(edge.data?.label ? { name: edge.data.label } : {}),
      sourceRef: source,
      targetRef: target,
      ...(edge.sourceHandle ? { 'conveyor:branch': edge.sourceHandle } : {}),
      ...(branch?.condition
        ? {
            conditionExpression: moddle.create('bpmn:FormalExpression', {
              body: branch.condition,
              language: jsonataLanguage,
            }),
          }
        : {}),
    })
    if (branch && branch.id === branches.defaultBranch && !source.get('default')) source.set('default', flow)
    // Text annotations have no flows; every flow node lists its own, as BPMN tools write them.
    ;(source.get('outgoing') as ModdleObject[] | undefined)?.push(flow)
    ;(target.get('incoming') as ModdleObject[] | undefined)?.push(flow)
    flowElements.push(flow)
    flows.push({ flow, source: edge.source, target: edge.target })
  }

  const extras = Object.fromEntries(
    documentExtensionFields
      .filter((field) => document[field] !== undefined)
      .map((field) => [field, document[field]]),
  )
  const lanes = document.lanes.map((lane) => {
    const id = idOf.get(`lane:${lane.id}`)!
    return moddle.create('bpmn:Lane', {
      id,
      ...keyed(id, lane.id),
      name: lane.name,
      'conveyor:kind': lane.kind,
      documentation: documentation(lane.description),
      flowNodeRef: document.nodes
        .filter(
          (node) => node.data.lane === lane.id && elements.get(node.id)!.$type !== 'bpmn:TextAnnotation',
        )
        .map((node) => elements.get(node.id)!),
    })
  })
  const process = moddle.create('bpmn:Process', {
    id: ids.take(`Process_${document.id}`),
    'conveyor:key': document.id,
    name: document.name,
    isExecutable: false,
    documentation: documentation(document.description),
    extensionElements: extension({ ...extras, nodeOrder: document.nodes.map((node) => node.id) }),
    ...(lanes.length > 0
      ? { laneSets: [moddle.create('bpmn:LaneSet', { id: ids.take('LaneSet_1'), lanes })] }
      : {}),
    flowElements,
    artifacts,
  })
  let planeElement = process
  let participant: ModdleObject | undefined
  if (lanes.length > 0) {
    participant = moddle.create('bpmn:Participant', {
      id: ids.take(`Participant_${document.id}`),
      name: document.name,
      processRef: process,
    })
    planeElement = moddle.create('bpmn:Collaboration', {
      id: ids.take('Collaboration_1'),
      participants: [participant],
    })
    rootElements.push(planeElement)
  }
  rootElements.push(process)
  const diagram = exportDiagram({ moddle, ids, document, planeElement, participant, lanes, elements, flows })
  const definitions = moddle.create('bpmn:Definitions', {
    id: ids.take(`Definitions_${document.id}`),
    targetNamespace: conveyorNamespace,
    exporter: 'Conveyor',
    exporterVersion: '1',
    rootElements,
    diagrams: [diagram],
  })
  const { xml } = await moddle.toXML(definitions, { format: true })
  return xml
}
