import { nodeDataSchemas, type Branch, type WorkflowNode } from '../model'
import type { DraftNode } from './draft-node'
import type { IdNamespace } from './import-ids'
import type { NoteSink } from './note-sink'

/** A decision's branches: those Conveyor wrote (ids, labels) with the conditions the file has now. */
function mergedBranches(fromFlows: Branch[], written: unknown): Branch[] {
  if (!Array.isArray(written)) return fromFlows
  const byId = new Map(fromFlows.map((branch) => [branch.id, branch]))
  const kept = (written as Branch[]).map((branch) => {
    const { condition: _written, ...rest } = branch
    const condition = byId.get(branch.id)?.condition
    return condition ? { ...rest, condition } : rest
  })
  const keptIds = new Set(kept.map((branch) => branch.id))
  return [...kept, ...fromFlows.filter((branch) => !keptIds.has(branch.id))]
}

/**
 * Each drafted node's final data: what BPMN says (name, documentation, lane, kind, branches and
 * conditions), completed by what Conveyor wrote in `<conveyor:data>` when it wrote the file. An
 * exception whose step was left out goes too; a timer's duration becomes its step's SLA.
 */
export function finishNodes(drafts: DraftNode[], nodeIds: IdNamespace, notes: NoteSink): WorkflowNode[] {
  const nodes: WorkflowNode[] = []
  const byId = new Map(drafts.map((draft) => [draft.node.id, draft]))
  for (const draft of drafts) {
    const derived: Record<string, unknown> = { ...draft.node.data }
    if (draft.branches) {
      derived.branches = draft.branches
      if (draft.defaultBranch) derived.defaultBranch = draft.defaultBranch
    }
    if (typeof derived.attachedTo === 'string') {
      const host = nodeIds.of(derived.attachedTo)
      if (!host || !byId.has(host)) {
        notes.add(
          draft.element,
          'dropped',
          'Its task was left out, so it was too',
          'Draw the exception on the step it belongs to.',
        )
        continue
      }
      derived.attachedTo = host
      const hostDraft = byId.get(host)!
      if (draft.hostSla && hostDraft.node.data && !('sla' in hostDraft.node.data)) {
        Object.assign(hostDraft.node.data, { sla: { within: draft.hostSla } })
      }
    }
    nodes.push({ ...draft.node, data: derived } as WorkflowNode)
  }
  return nodes.map((node) => {
    const draft = byId.get(node.id)!
    const schema = nodeDataSchemas[node.type]
    const base = { ...node.data, ...(draft.node.data as object) }
    const { label, description, lane } = base as { label: string; description?: string; lane?: string }
    const extension = draft.extension
    if (extension) {
      const data = {
        ...base,
        ...extension,
        label,
        ...(description !== undefined ? { description } : {}),
        ...(lane !== undefined ? { lane } : {}),
        ...('branches' in base
          ? { branches: mergedBranches((base as { branches: Branch[] }).branches, extension.branches) }
          : {}),
        ...('defaultBranch' in base
          ? { defaultBranch: (base as { defaultBranch: string }).defaultBranch }
          : {}),
      }
      if (description === undefined) delete (data as { description?: string }).description
      if (lane === undefined) delete (data as { lane?: string }).lane
      const parsed = schema.safeParse(data)
      if (parsed.success) return { ...node, data: parsed.data } as WorkflowNode
      notes.add(
        draft.element,
        'check',
        'Its Conveyor settings could not be read and were left out',
        'Set the node up again in the inspector.',
        node.id,
      )
    }
    const parsed = schema.safeParse(base)
    return (parsed.success ? { ...node, data: parsed.data } : { ...node, data: base }) as WorkflowNode
  })
}
