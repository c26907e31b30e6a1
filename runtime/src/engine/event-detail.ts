import type { WorkflowEvent } from '@conveyor/shared'

/** The data an event brings into the instance, which the JSON limits apply to. */
export function eventPayload(event: WorkflowEvent): { name: string; value: unknown } | undefined {
  if (event.type === 'START') return { name: 'input', value: event.input }
  if (event.type === 'STEP_DONE' && event.result !== undefined) return { name: 'result', value: event.result }
  return undefined
}

export function eventDetail(event: WorkflowEvent): Record<string, unknown> | null {
  switch (event.type) {
    case 'START':
      return { trigger: event.trigger, input: event.input ?? {} }
    case 'STEP_DONE':
      return event.result === undefined ? null : { result: event.result }
    case 'STEP_FAILED':
      return { error: event.error }
    case 'STEP_REJECTED':
      return event.reason ? { reason: event.reason } : null
    case 'DECIDE':
      return { branch: event.branch }
    case 'CANCEL':
      return event.reason ? { reason: event.reason } : null
    default:
      return null
  }
}
