import type { NodeOfKind } from '../../model'
import { formFieldsGiven } from '../form-fields-given'
import type { GivenField } from '../kind-spec'

/**
 * A start is checked against its input form, so it gives that form's fields; without one any input
 * is taken. A scheduled start also carries the time it was planned for.
 */
export function triggerFieldsGiven(node: NodeOfKind<'trigger'>): GivenField[] | 'unknown' {
  const scheduled = node.data.start.kind === 'schedule'
  if (node.data.input === undefined && !scheduled) return 'unknown'
  return [
    ...formFieldsGiven(node.data.input),
    ...(scheduled ? [{ path: ['scheduledAt'], label: 'Planned start time', type: 'date' as const }] : []),
  ]
}
