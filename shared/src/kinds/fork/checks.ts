import { incomingEdges, outgoingEdges, type BlockProblem } from '../../graph'
import { nameOf, type Check, type CheckContext } from '../../validator/check-context'

/** Parallel work opens at a fork and closes at its own join, with the branches kept apart. */
export const checkForks: Check = (context) => {
  const { graph, report, nodePath } = context
  for (const node of graph.nodes.values()) {
    const exits = outgoingEdges(graph, node.id).filter((edge) => graph.nodes.has(edge.target)).length
    const entries = incomingEdges(graph, node.id).filter((edge) => graph.nodes.has(edge.source)).length
    if (node.type === 'fork' && exits === 1) {
      report('fork.single-branch', {
        nodeId: node.id,
        path: nodePath(node.id),
        message: `Fork ${nameOf(node)} has only one branch.`,
      })
    }
    if (node.type === 'join' && entries === 1) {
      report('join.single-incoming', {
        nodeId: node.id,
        path: nodePath(node.id),
        message: `Join ${nameOf(node)} has only one connection coming in.`,
      })
    }
  }
  for (const problem of context.blocks.problems) reportProblem(context, problem)
}

function reportProblem(context: CheckContext, problem: BlockProblem): void {
  const { graph, report, nodePath, edgePath } = context
  const name = (id: string) => nameOf(graph.nodes.get(id), id)
  switch (problem.kind) {
    case 'no-join':
      return report('fork.no-join', {
        nodeId: problem.fork,
        path: nodePath(problem.fork),
        message: `The branches of fork ${name(problem.fork)} never meet at a join.`,
      })
    case 'branch-without-join':
      return report('fork.branch-without-join', {
        nodeId: problem.fork,
        edgeId: problem.edgeId,
        path: edgePath(problem.edgeId),
        message: `The branch of fork ${name(problem.fork)} starting with connection "${problem.edgeId}" never reaches the join.`,
      })
    case 'joins-differ':
      return report('fork.joins-differ', {
        nodeId: problem.fork,
        path: nodePath(problem.fork),
        message: `The branches of fork ${name(problem.fork)} end at different joins: ${problem.joins.map(name).join(', ')}.`,
      })
    case 'branch-crossed':
      return report('fork.branch-crossed', {
        nodeId: problem.nodeId,
        path: nodePath(problem.nodeId),
        message: `${name(problem.nodeId)} is reached from the branch of fork ${name(problem.fork)} starting with connection "${problem.edgeId}", and also from outside that branch.`,
      })
    case 'join-entered-from-outside':
      return report('join.entered-from-outside', {
        nodeId: problem.join,
        edgeId: problem.edgeId,
        path: edgePath(problem.edgeId),
        message: `Connection "${problem.edgeId}" reaches join ${name(problem.join)} from outside the branches of fork ${name(problem.fork)}.`,
      })
    case 'join-shared':
      return report('join.shared', {
        nodeId: problem.join,
        path: nodePath(problem.join),
        message: `Join ${name(problem.join)} is where the forks ${problem.forks.map(name).join(', ')} all end.`,
      })
    case 'join-without-fork':
      return report('join.without-fork', {
        nodeId: problem.join,
        path: nodePath(problem.join),
        message: `Join ${name(problem.join)} does not close the branches of any fork.`,
      })
  }
}
