import type { NodeOfKind } from '../../model'
import { nameOf, type CheckContext } from '../../validator/check-context'
import type { StepAutonomy } from './autonomy'

/**
 * The autonomy settings of an assisted step hang together. Ranges are the schema's; what is
 * checked here is what no single field can say on its own.
 */
export function checkAutonomy(context: CheckContext, node: NodeOfKind<'step'>, autonomy: StepAutonomy): void {
  const path = context.nodePath(node.id, 'data', 'augment', 'autonomy')
  const { promotion, demotion, belowThreshold } = autonomy
  if (promotion && demotion && demotion.accuracy >= promotion.accuracy) {
    context.report('step.autonomy-bars-cross', {
      nodeId: node.id,
      path: [...path, 'demotion', 'accuracy'],
      message: `Step ${nameOf(node)} would be demoted at an accuracy of ${demotion.accuracy}, which is not below the ${promotion.accuracy} that promotes it.`,
    })
  }
  if (demotion && demotion.overrides > demotion.ofSampled) {
    context.report('step.autonomy-bars-cross', {
      nodeId: node.id,
      path: [...path, 'demotion', 'overrides'],
      message: `Step ${nameOf(node)} counts ${demotion.overrides} overrides among only ${demotion.ofSampled} sampled reviews, so it could never be demoted that way.`,
    })
  }
  if (typeof belowThreshold === 'object' && !context.laneIds.has(belowThreshold.lane)) {
    context.report('step.autonomy-unknown-lane', {
      nodeId: node.id,
      path: [...path, 'belowThreshold', 'lane'],
      message: `Step ${nameOf(node)} sends unsure suggestions to lane "${belowThreshold.lane}", which this workflow does not have.`,
    })
  }
}
