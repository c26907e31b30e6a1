import type { Branch, WorkflowEdge } from '../model'
import type { DraftNode } from './draft-node'
import { IdNamespace } from './import-ids'
import { childOf, textOf } from './moddle'
import type { NoteSink } from './note-sink'
import { bypass, type Flow } from './read-flows'

/** Conditions Conveyor reads as they are; any other language is kept as text for someone to check. */
const isJsonata = (language: string | undefined) => language !== undefined && /jsonata/i.test(language)

/**
 * The edges between the drafted nodes, from the sequence flows (joined around the elements left
 * out). The flows leaving a decision become its branches, in the file's order, with their
 * conditions and its default flow; the edges leave through the branch's handle.
 */
export function connectFlows(
  drafts: DraftNode[],
  flows: Flow[],
  leftOut: ReadonlySet<string>,
  notes: NoteSink,
): WorkflowEdge[] {
  const entryOf = new Map<string, DraftNode>()
  const byNodeId = new Map(drafts.map((draft) => [draft.node.id, draft]))
  for (const draft of drafts) {
    const bpmnId = String(draft.element.get('id'))
    if (!entryOf.has(bpmnId)) entryOf.set(bpmnId, draft)
  }
  const edgeIds = new IdNamespace()
  const edges: WorkflowEdge[] = []
  for (const draft of drafts) {
    if (draft.exitId !== draft.node.id && draft.exitId !== '') {
      edges.push({ id: edgeIds.claim(`${draft.node.id}-split`), source: draft.node.id, target: draft.exitId })
    }
  }
  const branchIds = new Map<string, IdNamespace>()
  for (const flow of bypass(flows, leftOut)) {
    const from = entryOf.get(flow.source)
    const to = entryOf.get(flow.target)
    if (!from || !to) continue
    const source = byNodeId.get(from.exitId)!
    const edge: WorkflowEdge = {
      id: edgeIds.claim(flow.bpmnId, textOf(flow.element, 'conveyor:key')),
      source: source.node.id,
      target: to.node.id,
      ...(flow.name ? { data: { label: flow.name } } : {}),
    }
    if (source.branches) {
      const ids = branchIds.get(source.node.id) ?? new IdNamespace()
      branchIds.set(source.node.id, ids)
      const branch: Branch = {
        id: ids.claim(flow.bpmnId, textOf(flow.element, 'conveyor:branch')),
        label: flow.name ?? to.node.data.label,
        ...(flow.condition ? { condition: flow.condition } : {}),
      }
      source.branches.push(branch)
      edge.sourceHandle = branch.id
      if (childOf(source.element, 'default') === flow.element) source.defaultBranch = branch.id
      if (flow.condition && !isJsonata(flow.language)) {
        notes.add(
          flow.element,
          'check',
          `Condition kept as written, to check: ${flow.condition}`,
          `Conveyor reads conditions as JSONata over the item's data (e.g. amount > 1000)${flow.language ? `; this one is in ${flow.language}` : ''}: rewrite it if it is not.`,
          source.node.id,
        )
      }
    }
    edges.push(edge)
  }
  return edges
}
