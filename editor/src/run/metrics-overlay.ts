import type { StepMetrics, WorkflowMetrics } from '@conveyor/shared/protocol/api'
import type { NodeOverlay } from '../app/extensions'
import { formatDuration, formatMoney, formatShare } from './format'

/** The figures a node's badges show, in reading order; absent figures are left out. */
export function stepBadges(step: StepMetrics, currency: string): string[] {
  const badges = [`${step.completed}/${step.started} done`]
  if (step.handlingTimeMs.p50 !== null) badges.push(`median ${formatDuration(step.handlingTimeMs.p50)}`)
  if (step.overrideRate !== null) badges.push(`overridden ${formatShare(step.overrideRate)}`)
  if (step.automationShare !== null) badges.push(`automated ${formatShare(step.automationShare)}`)
  if (step.rejected > 0) badges.push(`${step.rejected} rejected`)
  if (step.failed > 0) badges.push(`${step.failed} failed`)
  if (step.slaBreaches > 0) badges.push(`${step.slaBreaches} past SLA`)
  if (step.cost) badges.push(`cost ${formatMoney(step.cost, currency)}`)
  return badges
}

/** The measurements painted on the nodes they were measured at (same ids, no translation). */
export function metricsOverlay(metrics: WorkflowMetrics): NodeOverlay {
  const overlay: NodeOverlay = {}
  for (const [nodeId, step] of Object.entries(metrics.steps)) {
    if (step.started === 0) continue
    overlay[nodeId] = {
      badges: stepBadges(step, metrics.currency),
      ...(step.failed > 0 ? { status: 'failed' as const } : {}),
    }
  }
  return overlay
}
