import type { z } from 'zod'
import type { WorkflowDocumentInput, WorkflowEdge, WorkflowNode } from '../model'

/**
 * Small builders for workflow documents in tests and generated samples. Defaults make a node
 * valid on its own (an automated step has a connector and facts, people's work has a lane), so a
 * test states only what it is about.
 */
export type NodeInput = z.input<typeof WorkflowNode>
export type EdgeInput = z.input<typeof WorkflowEdge>
type DataOf<K extends NodeInput['type']> = Extract<NodeInput, { type: K }>['data']

export const defaultLane = 'operations'
const position = { x: 0, y: 0 }

export function trigger(id: string, data: Partial<DataOf<'trigger'>> = {}): NodeInput {
  return { id, type: 'trigger', position, data: { label: id, start: { kind: 'manual' }, ...data } }
}

/** An automated step running a transform, unless `data` says otherwise. */
export function step(id: string, data: Partial<DataOf<'step'>> = {}): NodeInput {
  return {
    id,
    type: 'step',
    position,
    data: {
      label: id,
      mode: 'automate',
      automate: { connector: { kind: 'transform', expression: '{ "done": true }' } },
      facts: { handlingTimeMinutes: 5 },
      ...data,
    },
  }
}

/** A step a person does, in the default lane. */
/** An automated step that POSTs to `url`, with the headers and body a test is about. */
export function httpStep(
  id: string,
  url: string,
  call: { headers?: Record<string, string>; body?: string } = {},
): NodeInput {
  return step(id, { automate: { connector: { kind: 'http', method: 'POST', url, ...call } } })
}

export function humanStep(id: string, data: Partial<DataOf<'step'>> = {}): NodeInput {
  return step(id, {
    mode: 'human',
    automate: undefined,
    human: { form: { fields: [] } },
    lane: defaultLane,
    ...data,
  })
}

/** A rule decision whose branches test `data.choice`; the last branch is the default. */
export function decision(
  id: string,
  branches: readonly string[],
  data: Partial<DataOf<'decision'>> = {},
): NodeInput {
  return {
    id,
    type: 'decision',
    position,
    data: {
      label: id,
      branches: branches.map((branch, index) =>
        index === branches.length - 1
          ? { id: branch, label: branch }
          : { id: branch, label: branch, condition: `choice = "${branch}"` },
      ),
      defaultBranch: branches[branches.length - 1],
      ...data,
    },
  }
}

export function exception(
  id: string,
  attachedTo: string,
  on: 'error' | 'timeout' | 'rejection' = 'error',
): NodeInput {
  return { id, type: 'exception', position, data: { label: id, attachedTo, on } }
}

export function fork(id: string): NodeInput {
  return { id, type: 'fork', position, data: { label: id } }
}

export function join(id: string): NodeInput {
  return { id, type: 'join', position, data: { label: id } }
}

export function end(
  id: string,
  outcome: 'completed' | 'rejected' | 'cancelled' | 'failed' = 'completed',
): NodeInput {
  return { id, type: 'end', position, data: { label: id, outcome } }
}

/** A connection; its id is `source-target` (plus `-handle` for a decision branch). */
export function edge(source: string, target: string, sourceHandle?: string): EdgeInput {
  const id = sourceHandle ? `${source}-${target}-${sourceHandle}` : `${source}-${target}`
  return sourceHandle ? { id, source, target, sourceHandle } : { id, source, target }
}

/** Connections along a path of node ids. */
export function chain(...ids: string[]): EdgeInput[] {
  return ids.slice(1).map((target, index) => edge(ids[index]!, target))
}

export function workflow(
  nodes: NodeInput[],
  edges: EdgeInput[],
  extra: Partial<WorkflowDocumentInput> = {},
): WorkflowDocumentInput {
  return {
    schemaVersion: 1,
    id: 'test-workflow',
    name: 'Test workflow',
    lanes: [{ id: defaultLane, name: 'Operations' }],
    nodes,
    edges,
    ...extra,
  }
}
