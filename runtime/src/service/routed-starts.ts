import { randomUUID } from 'node:crypto'
import type { Ownership } from '../cluster/ownership'
import { partitionOf } from '../cluster/partitions'
import { deliveredInstanceId, keyedInstanceId, type InstanceStarts } from './instance-starts'
import type { RoutedCall, RoutedCalls } from './routed-calls'
import type { StartInstanceRequest, StartInstanceResult, WebhookDelivery, WebhookStartResult } from './types'

interface UnkeyedStart {
  request: StartInstanceRequest
  instanceId: string
}

/** How many random ids are tried for one in an owned partition (a miss after them is ~1e-7 at 1 of 64). */
const ownedIdTries = 1_000

/**
 * Starts run by the owner of the new instance's partition. A start under an idempotency key or by
 * a webhook delivery has an id derived from it, so the same one sent to several replicas at once
 * reaches one owner, which starts it once and answers the others with it. A start without one gets
 * a random id in a partition this replica owns and runs here; it is handed over only while this
 * replica owns none.
 */
export class RoutedStarts {
  private readonly keyedCall: RoutedCall<StartInstanceRequest, StartInstanceResult>
  private readonly unkeyedCall: RoutedCall<UnkeyedStart, StartInstanceResult>
  private readonly deliveryCall: RoutedCall<WebhookDelivery, WebhookStartResult>

  constructor(
    calls: RoutedCalls,
    starts: InstanceStarts,
    private readonly ownership: Ownership,
  ) {
    // The key and the delivery id make these starts idempotent already, reruns included.
    this.keyedCall = calls.define('instance.start-keyed', (request: StartInstanceRequest) =>
      starts.start(request),
    )
    this.deliveryCall = calls.define('instance.start-delivered', (delivery: WebhookDelivery) =>
      starts.startFromWebhook(delivery),
    )
    this.unkeyedCall = calls.define(
      'instance.start',
      async ({ request, instanceId }: UnkeyedStart, retaken) => {
        const earlier = retaken ? await starts.startedAlready(instanceId) : undefined
        return earlier ?? starts.start(request, instanceId)
      },
    )
  }

  start(request: StartInstanceRequest): Promise<StartInstanceResult> {
    const { workflowId, idempotencyKey } = request
    if (idempotencyKey)
      return this.keyedCall(partitionOf(keyedInstanceId(workflowId, idempotencyKey)), request)
    const instanceId = this.ownedInstanceId()
    return this.unkeyedCall(partitionOf(instanceId), { request, instanceId })
  }

  startFromWebhook(delivery: WebhookDelivery): Promise<WebhookStartResult> {
    const part = partitionOf(deliveredInstanceId(delivery.workflowId, delivery.deliveryId))
    return this.deliveryCall(part, delivery)
  }

  /** A random id in a partition this replica owns; any random id while it owns none. */
  private ownedInstanceId(): string {
    if (this.ownership.ownedParts().length > 0) {
      for (let tries = 0; tries < ownedIdTries; tries++) {
        const id = randomUUID()
        if (this.ownership.owns(partitionOf(id))) return id
      }
    }
    return randomUUID()
  }
}
