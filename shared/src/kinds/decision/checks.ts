import { outgoingEdges } from '../../graph'
import type { NodeOfKind, WorkflowEdge } from '../../model'
import { nameOf, type Check, type CheckContext } from '../../validator/check-context'

/** Each branch of a decision leads to exactly one place, and some branch is always taken. */
export const checkDecisions: Check = (context) => {
  for (const node of context.graph.nodes.values()) {
    if (node.type === 'decision') checkDecision(context, node)
  }
}

function checkDecision(context: CheckContext, node: NodeOfKind<'decision'>): void {
  const { graph, report, nodePath, edgePath } = context
  const { branches, defaultBranch, decidedBy } = node.data
  const name = nameOf(node)
  const branchIds = new Set(branches.map((branch) => branch.id))

  if (branches.length < 2) {
    report('decision.too-few-branches', {
      nodeId: node.id,
      path: nodePath(node.id, 'data', 'branches'),
      message: `Decision ${name} has only one branch ("${branches[0]?.label ?? ''}"), so there is nothing to decide.`,
    })
  }

  if (defaultBranch === undefined) {
    report(decidedBy === 'rule' ? 'decision.rule-without-default' : 'decision.without-default', {
      nodeId: node.id,
      path: nodePath(node.id, 'data', 'defaultBranch'),
      message: `Decision ${name} has no default branch.`,
    })
  } else if (!branchIds.has(defaultBranch)) {
    report('decision.unknown-default', {
      nodeId: node.id,
      path: nodePath(node.id, 'data', 'defaultBranch'),
      message: `Decision ${name} names "${defaultBranch}" as its default branch, but has no branch with that id.`,
    })
  }

  const edgesByBranch = new Map<string, WorkflowEdge[]>()
  const exits = outgoingEdges(graph, node.id).filter((edge) => graph.nodes.has(edge.target))
  for (const edge of exits) {
    const handle = edge.sourceHandle ?? undefined
    if (handle === undefined || !branchIds.has(handle)) {
      report('decision.unknown-branch-edge', {
        nodeId: node.id,
        edgeId: edge.id,
        path: edgePath(edge.id, 'sourceHandle'),
        message:
          handle === undefined
            ? `Connection "${edge.id}" leaves decision ${name} without saying which branch it belongs to.`
            : `Connection "${edge.id}" leaves decision ${name} from "${handle}", which is not one of its branches.`,
      })
      continue
    }
    const list = edgesByBranch.get(handle)
    if (list) list.push(edge)
    else edgesByBranch.set(handle, [edge])
  }

  branches.forEach((branch, index) => {
    const path = nodePath(node.id, 'data', 'branches', index)
    const edges = edgesByBranch.get(branch.id) ?? []
    if (edges.length === 0 && exits.length > 0) {
      report('decision.branch-without-edge', {
        nodeId: node.id,
        path,
        message: `Branch "${branch.label}" of decision ${name} leads nowhere.`,
      })
    }
    if (edges.length > 1) {
      report('decision.branch-multiple-edges', {
        nodeId: node.id,
        path,
        message: `Branch "${branch.label}" of decision ${name} has ${edges.length} connections; it can only have one.`,
      })
    }
    if (decidedBy === 'rule' && branch.condition === undefined && branch.id !== defaultBranch) {
      report('decision.branch-without-condition', {
        nodeId: node.id,
        path,
        message: `Branch "${branch.label}" of decision ${name} has no condition and is not the default, so it is never taken.`,
      })
    }
  })
}
