import { nameOf, type Check } from '../../validator/check-context'
import { callsOutside } from './fallback'

/**
 * Every step that calls an outside service or the assistant says who does its work by hand when
 * that call cannot be made (an outage, a tripped circuit breaker), in a lane the workflow has.
 */
export const checkFallbacks: Check = ({ graph, laneIds, report, nodePath }) => {
  for (const node of graph.nodes.values()) {
    if (node.type !== 'step' || !callsOutside(node.data)) continue
    const { fallback } = node.data
    const calls = node.data.mode === 'augment' ? 'asks the assistant' : 'calls an outside service'
    if (!fallback) {
      report('step.no-fallback', {
        nodeId: node.id,
        path: nodePath(node.id, 'data', 'fallback'),
        message: `Step ${nameOf(node)} ${calls} but says nobody who does its work by hand when that fails.`,
      })
    } else if (!laneIds.has(fallback.lane)) {
      report('step.fallback-unknown-lane', {
        nodeId: node.id,
        path: nodePath(node.id, 'data', 'fallback', 'lane'),
        message: `Step ${nameOf(node)} falls back to lane "${fallback.lane}", which this workflow does not have.`,
      })
    }
  }
}
