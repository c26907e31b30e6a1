import { partitionOf } from '../cluster/partitions'
import { UnavailableError } from '../service/errors'

/**
 * The instance belongs to a partition this replica does not own (now): its owner acts on it.
 * Unavailable here (503) rather than wrong: a request that reaches a replica which does not own
 * its instance is handed to the owner, and one that raced a change of owner is sent again.
 */
export class NotOwnedError extends UnavailableError {
  readonly part: number

  constructor(readonly instanceId: string) {
    const part = partitionOf(instanceId)
    super(`instance "${instanceId}" belongs to partition ${part}, which this replica does not own`)
    this.name = 'NotOwnedError'
    this.part = part
  }
}
