import { WorkflowDocument, type NodeKind, type WorkflowEdge, type WorkflowNode } from '../model'
import type { DraftNode } from './draft-node'
import { BpmnInputError } from './bpmn-input-error'
import { toCanvas } from './bpmn-layout'
import { connectFlows } from './connect-flows'
import { finishNodes } from './finish-nodes'
import { layOutUnplaced } from './lay-out-unplaced'
import { markToCheck } from './mark-to-check'
import { idFromName, IdNamespace } from './import-ids'
import type { BpmnImportReport } from './import-report'
import { flowNodeMappers, type Mapped } from './map-flow-nodes'
import {
  childOf,
  conveyorDataOf,
  documentationOf,
  listOf,
  numberOf,
  textOf,
  type ModdleObject,
} from './moddle'
import { describeType, NoteSink } from './note-sink'
import { readFlows } from './read-flows'
import { readLanes } from './read-lanes'
import { noteSkippedContent, readDefinitions } from './read-definitions'

export interface BpmnImport {
  document: WorkflowDocument
  report: BpmnImportReport
}

const defaultLabels: Record<NodeKind, string> = {
  trigger: 'Start',
  step: 'Step',
  decision: 'Decision',
  exception: 'Exception',
  fork: 'Split',
  join: 'Join',
  end: 'End',
  note: 'Note',
}

/** Fields of the document that BPMN has no place for, kept in the process's `<conveyor:data>`. */
const documentExtensionFields = ['owner', 'valueStream', 'targets', 'deploysNeedApproval', 'circuitBreaker']

function parseJsonObject(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined
  try {
    const value: unknown = JSON.parse(text)
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}

/**
 * Reads a BPMN 2.0 file (as Camunda Modeler, Signavio, Bizagi or Conveyor write it) into a
 * workflow document, with a report naming every element that was approximated or dropped. Throws
 * a BpmnInputError for a file that is too large, not XML or not BPMN.
 */
export async function importBpmn(xml: string): Promise<BpmnImport> {
  const { definitions, warnings } = await readDefinitions(xml)
  const notes = new NoteSink()
  noteSkippedContent(warnings, notes)

  const roots = listOf(definitions, 'rootElements')
  const participants = roots
    .filter((root) => root.$type === 'bpmn:Collaboration')
    .flatMap((c) => listOf(c, 'participants'))
  for (const collaboration of roots.filter((root) => root.$type === 'bpmn:Collaboration')) {
    for (const flow of listOf(collaboration, 'messageFlows')) {
      notes.add(
        flow,
        'dropped',
        'A message between pools was left out',
        'Start this workflow from a webhook, or send the message from an http step.',
      )
    }
  }
  const withFlow = (process: ModdleObject | undefined) => listOf(process, 'flowElements').length > 0
  const processes = roots
    .filter((root) => root.$type === 'bpmn:Process' && withFlow(root))
    .map((process) => ({
      process,
      participant: participants.find((p) => childOf(p, 'processRef') === process),
    }))
  for (const participant of participants) {
    if (!withFlow(childOf(participant, 'processRef'))) {
      notes.add(
        participant,
        'dropped',
        'A pool with no flow inside (an outside party) was left out',
        'Nothing to do: its messages are noted on their own.',
      )
    }
  }
  if (processes.length === 0) {
    throw new BpmnInputError(
      'not-bpmn',
      'The BPMN file has no process with events, tasks or gateways to import',
    )
  }

  const boundsById = new Map<string, ModdleObject>()
  for (const diagram of listOf(definitions, 'diagrams')) {
    for (const shape of listOf(childOf(diagram, 'plane'), 'planeElement')) {
      const bounds = childOf(shape, 'bounds')
      const element = childOf(shape, 'bpmnElement')
      if (bounds && element) boundsById.set(String(element.get('id')), bounds)
    }
  }
  const boundsOf = (element: ModdleObject) => {
    const bounds = boundsById.get(String(element.get('id')))
    const x = numberOf(bounds, 'x')
    const y = numberOf(bounds, 'y')
    return x !== undefined && y !== undefined ? { x, y } : undefined
  }

  const laneIds = new IdNamespace()
  const nodeIds = new IdNamespace()
  const { lanes, laneOf } = readLanes(processes, laneIds, boundsOf, notes)
  const drafts: DraftNode[] = []
  const leftOut = new Set<string>()
  const flows = processes.flatMap(({ process }) => readFlows(process))

  const draftNode = (
    element: ModdleObject,
    type: NodeKind,
    kindData: Record<string, unknown>,
    { nameIn = 'name', idSuffix = '', offset = 0 } = {},
  ): WorkflowNode => {
    const bpmnId = String(element.get('id')) + idSuffix
    const name = textOf(element, nameIn)?.replace(/\s+/g, ' ').trim()
    // A name too long for a label is kept whole as the description.
    const description = documentationOf(element) ?? (name && name.length > 200 ? name : undefined)
    const lane = laneOf.get(String(element.get('id')))
    const at = boundsOf(element)
    const width = numberOf(element, 'conveyor:width')
    const height = numberOf(element, 'conveyor:height')
    return {
      id: nodeIds.claim(bpmnId, idSuffix ? undefined : textOf(element, 'conveyor:key')),
      type,
      position: at ? { x: toCanvas(at.x) + offset, y: toCanvas(at.y) } : { x: 0, y: 0 },
      data: {
        label: (name || defaultLabels[type]).slice(0, 200),
        ...(description ? { description: description.slice(0, 4000) } : {}),
        ...(lane ? { lane } : {}),
        ...kindData,
      },
      ...(width !== undefined ? { width } : {}),
      ...(height !== undefined ? { height } : {}),
    } as WorkflowNode
  }

  for (const { process } of processes) {
    for (const element of listOf(process, 'flowElements')) {
      if (element.$type === 'bpmn:SequenceFlow') continue
      const bpmnId = String(element.get('id'))
      const mapper = flowNodeMappers[element.$type]
      const before = notes.notes.length
      const mapped: Mapped = mapper
        ? mapper(element, {
            incoming: flows.filter((flow) => flow.target === bpmnId).length,
            outgoing: flows.filter((flow) => flow.source === bpmnId).length,
            note: (outcome, message, hint) => notes.add(element, outcome, message, hint),
          })
        : (notes.add(
            element,
            'dropped',
            `A ${describeType(element.$type)} has no counterpart in a workflow and was left out`,
            'Nothing to do, unless it carries part of the flow.',
          ),
          { become: 'nothing' })
      if (mapped.become !== 'node') {
        leftOut.add(bpmnId)
        continue
      }
      const node = draftNode(element, mapped.type, mapped.data)
      const extension = parseJsonObject(conveyorDataOf(element))
      for (const note of notes.notes.slice(before)) note.nodeId = node.id
      drafts.push({
        node,
        element,
        exitId: node.id,
        ...(extension ? { extension } : {}),
        ...(mapped.hostSla ? { hostSla: mapped.hostSla } : {}),
        ...(mapped.branching ? { branches: [] } : {}),
      })
      if (mapped.then) {
        const then = draftNode(element, mapped.then.type, mapped.then.data, {
          idSuffix: '-split',
          offset: 120,
        })
        drafts.push({ node: then, element, exitId: then.id })
        drafts[drafts.length - 2]!.exitId = then.id
      }
    }
    for (const artifact of listOf(process, 'artifacts')) {
      if (artifact.$type === 'bpmn:TextAnnotation') {
        drafts.push({
          node: draftNode(artifact, 'note', {}, { nameIn: 'text' }),
          element: artifact,
          exitId: '',
        })
      } else if (artifact.$type !== 'bpmn:Association') {
        notes.add(
          artifact,
          'dropped',
          `A ${describeType(artifact.$type)} was left out`,
          'Nothing to do: it does not change the flow.',
        )
      }
    }
  }

  const edges: WorkflowEdge[] = connectFlows(drafts, flows, leftOut, notes)
  const nodes = finishNodes(drafts, nodeIds, notes)
  const unplacedIds = new Set(
    drafts.filter((draft) => !boundsOf(draft.element)).map((draft) => draft.node.id),
  )
  if (unplacedIds.size > 0) {
    layOutUnplaced(nodes, edges, unplacedIds)
    notes.add(
      processes[0]!.process,
      'approximated',
      `The file draws no diagram for ${unplacedIds.size} of its elements; they were set out in flow order`,
      'Arrange them on the canvas.',
    )
  }

  const main = processes[0]!
  const processExtension = parseJsonObject(conveyorDataOf(main.process)) ?? {}
  const name =
    (
      textOf(main.process, 'name') ??
      textOf(main.participant, 'name') ??
      textOf(definitions, 'name') ??
      'Imported workflow'
    )
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 200) || 'Imported workflow'
  const description = documentationOf(main.process)
  const order = processExtension.nodeOrder
  if (Array.isArray(order)) nodes.sort((a, b) => rank(order, a.id) - rank(order, b.id))
  const base = {
    schemaVersion: 1,
    id: new IdNamespace().claim(
      '',
      textOf(main.process, 'conveyor:key') ?? idFromName(name) ?? String(main.process.get('id')),
    ),
    name,
    ...(description ? { description: description.slice(0, 10_000) } : {}),
    lanes,
    nodes: markToCheck(nodes, notes.notes),
    edges,
  }
  const extras = Object.fromEntries(
    documentExtensionFields
      .filter((field) => field in processExtension)
      .map((field) => [field, processExtension[field]]),
  )
  // What Conveyor wrote beside the flow is taken when it still reads; the flow is taken anyway.
  const parsed = WorkflowDocument.safeParse({ ...base, ...extras })
  const document = parsed.success ? parsed : WorkflowDocument.safeParse(base)
  if (!document.success) {
    const issues = document.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
    throw new BpmnInputError(
      'not-bpmn',
      `The BPMN file could not be made into a workflow: ${issues.slice(0, 5).join('; ')}`,
    )
  }
  const exporter = textOf(definitions, 'exporter')
  return { document: document.data, report: { ...(exporter ? { exporter } : {}), notes: notes.notes } }
}

const rank = (order: unknown[], id: string) => {
  const index = order.indexOf(id)
  return index === -1 ? order.length : index
}
