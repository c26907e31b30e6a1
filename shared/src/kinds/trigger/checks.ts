import { nameOf, type Check } from '../../validator/check-context'
import { checkCron } from '../../validator/cron'

/** Something must start the workflow, and schedules must be readable. */
export const checkTriggers: Check = ({ graph, report, nodePath }) => {
  let triggers = 0
  for (const node of graph.nodes.values()) {
    if (node.type !== 'trigger') continue
    triggers++
    const start = node.data.start
    if (start.kind !== 'schedule') continue
    const cron = checkCron(start.cron)
    if (!cron.ok) {
      report('trigger.invalid-cron', {
        nodeId: node.id,
        path: nodePath(node.id, 'data', 'start', 'cron'),
        message: `The schedule of trigger ${nameOf(node)} cannot be read: ${cron.message}.`,
      })
    }
    if (start.timezone !== undefined && !isTimeZone(start.timezone)) {
      report('trigger.unknown-timezone', {
        nodeId: node.id,
        path: nodePath(node.id, 'data', 'start', 'timezone'),
        message: `Trigger ${nameOf(node)} uses the time zone "${start.timezone}", which does not exist.`,
      })
    }
  }
  if (triggers === 0) {
    report('trigger.none', {
      path: ['nodes'],
      message: 'This workflow has no trigger, so nothing can start it.',
    })
  }
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name })
    return true
  } catch {
    return false
  }
}
