import type { Form } from '../../model'
import type { Check, CheckContext } from '../check-context'
import type { DiagnosticPath } from '../diagnostic'
import { formsOf } from './forms'

/** Ids name things across the whole product (states, events, metrics), so each must be unique. */
export const checkIds: Check = (context) => {
  const { document, graph, report } = context
  for (const index of graph.repeatedNodes) {
    const { id } = document.nodes[index]!
    report('id.duplicate-node', {
      nodeId: id,
      path: ['nodes', index, 'id'],
      message: `Nodes ${graph.nodeIndex.get(id)! + 1} and ${index + 1} both have the id "${id}".`,
    })
  }
  for (const index of graph.repeatedEdges) {
    const { id } = document.edges[index]!
    report('id.duplicate-edge', {
      edgeId: id,
      path: ['edges', index, 'id'],
      message: `Connections ${graph.edgeIndex.get(id)! + 1} and ${index + 1} both have the id "${id}".`,
    })
  }
  eachDuplicate(document.lanes, (lane, index) =>
    report('id.duplicate-lane', {
      path: ['lanes', index, 'id'],
      message: `Two lanes have the id "${lane.id}".`,
    }),
  )
  document.nodes.forEach((node, nodeIndex) => {
    if (node.type === 'decision' && node.data.branches.length > 1) {
      eachDuplicate(node.data.branches, (branch, index) =>
        report('id.duplicate-branch', {
          nodeId: node.id,
          path: ['nodes', nodeIndex, 'data', 'branches', index, 'id'],
          message: `Decision "${node.id}" has two branches with the id "${branch.id}".`,
        }),
      )
    }
    for (const { form, path } of formsOf(node))
      checkFieldIds(context, node.id, form, ['nodes', nodeIndex, ...path])
  })
}

function checkFieldIds(context: CheckContext, nodeId: string, form: Form, formPath: DiagnosticPath): void {
  eachDuplicate(form.fields, (field, index) =>
    context.report('id.duplicate-field', {
      nodeId,
      path: [...formPath, 'fields', index, 'id'],
      message: `The form of node "${nodeId}" has two fields with the id "${field.id}".`,
    }),
  )
}

function eachDuplicate<T extends { id: string }>(
  items: readonly T[],
  onDuplicate: (item: T, index: number, firstIndex: number) => void,
): void {
  const firstIndex = new Map<string, number>()
  items.forEach((item, index) => {
    const first = firstIndex.get(item.id)
    if (first === undefined) firstIndex.set(item.id, index)
    else onDuplicate(item, index, first)
  })
}
