import type { StepMetrics, WorkflowMetrics } from '@conveyor/shared/protocol/api'
import type { NodeOverlay } from '../app/extensions'
import { formatDuration, formatShare } from './format'

/** The figures a node's badges show, in reading order; absent figures are left out. */
export function stepBadges(step: StepMetrics): string[] {
  const badges = [`${step.completed}/${step.started} done`]
  if (step.cycleTimeMs.p50 !== null) badges.push(`median ${formatDuration(step.cycleTimeMs.p50)}`)
  if (step.overrideRate !== null) badges.push(`overridden ${formatShare(step.overrideRate)}`)
  if (step.automationCoverage !== null) badges.push(`automated ${formatShare(step.automationCoverage)}`)
  if (step.failed > 0) badges.push(`${step.failed} failed`)
  return badges
}

/** The measurements painted on the nodes they were measured at (same ids, no translation). */
export function metricsOverlay(metrics: WorkflowMetrics): NodeOverlay {
  const overlay: NodeOverlay = {}
  for (const [nodeId, step] of Object.entries(metrics.steps)) {
    if (step.started === 0) continue
    overlay[nodeId] = { badges: stepBadges(step), ...(step.failed > 0 ? { status: 'failed' as const } : {}) }
  }
  return overlay
}
