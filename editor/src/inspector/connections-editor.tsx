import {
  branchLabel,
  exitHandlesOf,
  kindSpec,
  type WorkflowDocument,
  type WorkflowNode,
} from '@conveyor/shared'
import type { DocumentChange } from '../doc/changes'
import { connectionChanges, connectionRules } from '../doc/connection-rules'
import { Section, SelectField } from './fields'

interface Exit {
  /** The source handle: a decision's branch id, or null. */
  handle: string | null
  label: string
}

function exitsOf(node: WorkflowNode): Exit[] {
  return exitHandlesOf(node).map((handle) => {
    const branch = branchLabel(node, handle)
    return { handle, label: branch === undefined ? 'Leads to' : `${branch} leads to` }
  })
}

/** The changes that make `handle` of `node` lead to `target` (or nowhere), replacing what it led to. */
export function redirectChanges(
  document: WorkflowDocument,
  node: WorkflowNode,
  handle: string | null,
  target: string | undefined,
): DocumentChange[] {
  const current = document.edges.filter(
    (edge) => edge.source === node.id && (edge.sourceHandle ?? null) === handle,
  )
  const without = { ...document, edges: document.edges.filter((edge) => !current.includes(edge)) }
  const removal: DocumentChange[] =
    current.length > 0
      ? [{ type: 'deleteElements', nodeIds: [], edgeIds: current.map((edge) => edge.id) }]
      : []
  if (!target) return removal
  const connect = connectionChanges(without, { source: node.id, sourceHandle: handle, target })
  return connect.length > 0 ? [...removal, ...connect] : []
}

/**
 * Where a node leads, chosen from a list: the keyboard's way to draw edges. Only the targets the
 * connection rules allow are offered. A fork's branches are added one by one.
 */
export function ConnectionsEditor({
  node,
  document,
  apply,
}: {
  node: WorkflowNode
  document: WorkflowDocument
  apply: (...changes: DocumentChange[]) => void
}) {
  const exits = exitsOf(node)
  if (exits.length === 0) return null
  // A fork's one handle takes any number of connections: each is a parallel branch.
  const parallel = kindSpec(node.type).exits.kind === 'many'
  const targetsFor = (handle: string | null, keep: string[]) => {
    const without = {
      ...document,
      edges: document.edges.filter(
        (edge) => !(edge.source === node.id && (edge.sourceHandle ?? null) === handle && !parallel),
      ),
    }
    const check = connectionRules(without)
    return document.nodes.filter(
      (target) =>
        keep.includes(target.id) || check({ source: node.id, sourceHandle: handle, target: target.id }).ok,
    )
  }
  const options = (targets: WorkflowNode[]) =>
    targets.map((target) => ({ value: target.id, label: target.data.label }))
  if (parallel) {
    const branches = document.edges.filter((edge) => edge.source === node.id)
    return (
      <Section title="Parallel branches">
        <ul>
          {branches.map((edge) => (
            <li key={edge.id} className="row">
              {document.nodes.find((target) => target.id === edge.target)?.data.label ?? edge.target}
              <button
                type="button"
                className="is-destructive"
                onClick={() => apply({ type: 'deleteElements', nodeIds: [], edgeIds: [edge.id] })}
              >
                Remove branch to{' '}
                {document.nodes.find((target) => target.id === edge.target)?.data.label ?? edge.target}
              </button>
            </li>
          ))}
        </ul>
        <SelectField
          label="Add a branch to"
          value={undefined}
          emptyLabel="Choose a node"
          options={options(targetsFor(null, []))}
          onChange={(target) => target && apply(...connectionChanges(document, { source: node.id, target }))}
        />
      </Section>
    )
  }
  return (
    <Section title="Where it leads">
      {exits.map((exit) => {
        const current = document.edges.find(
          (edge) => edge.source === node.id && (edge.sourceHandle ?? null) === exit.handle,
        )?.target
        return (
          <SelectField
            key={exit.handle ?? 'next'}
            label={exit.label}
            value={current}
            emptyLabel="Nowhere yet"
            options={options(targetsFor(exit.handle, current ? [current] : []))}
            onChange={(target) => apply(...redirectChanges(document, node, exit.handle, target))}
          />
        )
      })}
    </Section>
  )
}
