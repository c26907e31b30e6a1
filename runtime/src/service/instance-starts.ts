import { canonical, type TriggerManifest } from '@conveyor/shared'
import { createHash, randomUUID } from 'node:crypto'
import { partitionOf } from '../cluster/partitions'
import type { DeploymentCache } from '../engine/deployments'
import type { Engine } from '../engine/engine'
import { validateForm } from '../engine/form-validation'
import type { PilotRouting } from '../pilots/pilot-routing'
import {
  InstanceStartRows,
  recordIdempotencyKey,
  recordWebhookDelivery,
  type EarlierStart,
} from '../store/repositories/instance-start-rows'
import { ViewRows } from '../store/repositories/view-rows'
import type { SqlExecutor } from '../store/sql'
import type { SqlWrite } from '../store/writer'
import { ConflictError, InvalidError, NotFoundError } from './errors'
import type { StartInstanceRequest, StartInstanceResult, WebhookDelivery, WebhookStartResult } from './types'
import { instanceView, type InstanceRow } from './views'
import type { WorkflowCatalog } from './workflows'

interface Dedupe {
  /** Names the request in memory while its first start is not yet committed. */
  key: string
  fingerprint: string
  /** The start an earlier request under this key or delivery committed, if any. */
  earlier: () => Promise<EarlierStart | undefined>
  /** Records the key in the same transaction as the instance's start. */
  record: (instanceId: string, now: number) => SqlWrite
  conflict: () => ConflictError
}

/** What names a start under an idempotency key, in memory and as the seed of its instance id. */
const keyedStart = (workflowId: string, idempotencyKey: string) =>
  `key\u0000${workflowId}\u0000${idempotencyKey}`
/** What names a start by a webhook delivery. */
const deliveredStart = (workflowId: string, deliveryId: string) =>
  `hook\u0000${workflowId}\u0000${deliveryId}`

/**
 * The instance id a named start gets, the same on every replica (uuid-shaped, from SHA-256): the
 * same key sent to several replicas at once lands in one partition, so its one owner starts it once.
 */
function instanceIdOf(startKey: string): string {
  const hex = createHash('sha256').update(startKey).digest('hex')
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

/** The instance id of the start under `idempotencyKey`. */
export const keyedInstanceId = (workflowId: string, idempotencyKey: string) =>
  instanceIdOf(keyedStart(workflowId, idempotencyKey))

/** The instance id of the start by webhook delivery `deliveryId`. */
export const deliveredInstanceId = (workflowId: string, deliveryId: string) =>
  instanceIdOf(deliveredStart(workflowId, deliveryId))

/** Key order carries no meaning in JSON: the same content in another order is the same request. */
function fingerprint(value: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(canonical(value)))
    .digest('hex')
}

/**
 * Starting instances, exactly once per idempotency key or webhook delivery: a key is held in
 * memory from before its look-up in the store until its start has committed, so 50 identical
 * calls at once create one instance, and a call arriving later finds the committed one.
 */
export class InstanceStarts {
  private readonly inFlight = new Map<
    string,
    { fingerprint: string; started: Promise<{ instanceId: string; created: boolean }> }
  >()
  private readonly rows: InstanceStartRows
  private readonly views: ViewRows

  constructor(
    sql: SqlExecutor,
    private readonly engine: Engine,
    private readonly catalog: WorkflowCatalog,
    private readonly deployments: DeploymentCache,
    private readonly routing: Pick<PilotRouting, 'choose'>,
  ) {
    this.rows = new InstanceStartRows(sql)
    this.views = new ViewRows(sql)
  }

  /** The instance as committed. */
  private async view(instanceId: string) {
    const row = await this.views.instance<InstanceRow>(instanceId)
    if (!row) throw new NotFoundError('instance', instanceId)
    return instanceView(row)
  }

  /** The instance if it exists: what a start with this id, run again, answers. */
  async startedAlready(instanceId: string): Promise<StartInstanceResult | undefined> {
    const row = await this.views.instance<InstanceRow>(instanceId)
    return row ? { instance: instanceView(row), created: true } : undefined
  }

  /** Starts `request`; without an idempotency key as `instanceId`, else as the key's own id. */
  async start(request: StartInstanceRequest, instanceId?: string): Promise<StartInstanceResult> {
    const { workflowId, idempotencyKey } = request
    const input = request.input ?? {}
    const trigger = request.trigger
    const dedupe: Dedupe | undefined = idempotencyKey
      ? {
          key: keyedStart(workflowId, idempotencyKey),
          fingerprint: fingerprint({ trigger: trigger ?? null, input }),
          earlier: () => this.rows.byKey(workflowId, idempotencyKey),
          record: (instanceId, now) =>
            recordIdempotencyKey(
              workflowId,
              idempotencyKey,
              fingerprint({ trigger: trigger ?? null, input }),
              instanceId,
              now,
            ),
          conflict: () =>
            new ConflictError(
              `idempotency key "${idempotencyKey}" was already used with a different request`,
              'idempotency_key_reused',
              { idempotencyKey },
            ),
        }
      : undefined
    const started = await this.startOnce(
      workflowId,
      trigger,
      input,
      request.by ?? 'system',
      dedupe,
      instanceId,
    )
    return { instance: await this.view(started.instanceId), created: started.created }
  }

  async startFromWebhook(delivery: WebhookDelivery): Promise<WebhookStartResult> {
    const { workflowId, triggerId, deliveryId } = delivery
    const dedupe: Dedupe = {
      key: deliveredStart(workflowId, deliveryId),
      fingerprint: '',
      earlier: () => this.rows.byDelivery(workflowId, deliveryId),
      record: (instanceId, now) => recordWebhookDelivery(workflowId, deliveryId, triggerId, instanceId, now),
      conflict: () => new ConflictError('unreachable', 'webhook_delivery'),
    }
    const { instanceId, created } = await this.startOnce(
      workflowId,
      triggerId,
      delivery.payload,
      'webhook',
      dedupe,
      undefined,
      'webhook',
    )
    return { instance: await this.view(instanceId), duplicate: !created }
  }

  private async startOnce(
    workflowId: string,
    triggerId: string | undefined,
    input: Record<string, unknown>,
    by: string,
    dedupe: Dedupe | undefined,
    unkeyedId: string | undefined,
    requiredKind?: TriggerManifest['start']['kind'],
  ): Promise<{ instanceId: string; created: boolean }> {
    const start = async (): Promise<{ instanceId: string; created: boolean }> => {
      const earlier = await dedupe?.earlier()
      if (earlier && dedupe) {
        if (earlier.request_hash !== dedupe.fingerprint) throw dedupe.conflict()
        return { instanceId: earlier.instance_id, created: false }
      }
      const instanceId = dedupe ? await this.freeIdOf(dedupe.key) : (unkeyedId ?? randomUUID())
      // The instance goes to the current version or its pilot by this key, so a retried start would
      // land on the same side.
      const routeKey = dedupe?.key ?? instanceId
      await this.create(instanceId, routeKey, workflowId, triggerId, input, by, dedupe, requiredKind)
      return { instanceId, created: true }
    }
    if (!dedupe) return start()
    const pending = this.inFlight.get(dedupe.key)
    if (pending) {
      if (pending.fingerprint !== dedupe.fingerprint) throw dedupe.conflict()
      return { instanceId: (await pending.started).instanceId, created: false }
    }
    // Taken before the look-up: a duplicate arriving while it or the commit is awaited waits for this one.
    const started = start()
    this.inFlight.set(dedupe.key, { fingerprint: dedupe.fingerprint, started })
    try {
      return await started
    } finally {
      this.inFlight.delete(dedupe.key)
    }
  }

  /**
   * The named start's instance id: its key's own, unless an instance holds it already (one of a
   * workflow deleted since, whose keys went with it): then the first free one of the key's further
   * ids in the same partition, so that the start stays with that partition's owner.
   */
  private async freeIdOf(startKey: string): Promise<string> {
    const first = instanceIdOf(startKey)
    const part = partitionOf(first)
    let id = first
    let n = 0
    while (await this.views.instance(id)) {
      do id = instanceIdOf(`${startKey}\u0000${++n}`)
      while (partitionOf(id) !== part)
    }
    return id
  }

  /** Checks the start against the deployment it is routed to and starts it; resolves once committed. */
  private async create(
    instanceId: string,
    routeKey: string,
    workflowId: string,
    triggerId: string | undefined,
    input: Record<string, unknown>,
    by: string,
    dedupe: Dedupe | undefined,
    requiredKind: TriggerManifest['start']['kind'] | undefined,
  ): Promise<void> {
    if (!(await this.catalog.exists(workflowId))) throw new NotFoundError('workflow', workflowId)
    const deploymentId = await this.catalog.currentDeploymentId(workflowId)
    const current = deploymentId ? await this.deployments.get(deploymentId) : undefined
    if (!current) {
      throw new InvalidError(`workflow "${workflowId}" has no deployment yet; deploy it first`, [
        { path: 'workflowId', message: 'has no deployment' },
      ])
    }
    const routed = await this.routing.choose(current, routeKey, input)
    // A pilot without the trigger asked for (one it removed) leaves that start to the current version.
    const deployment = triggerId && !routed.compiled.manifest.triggers.includes(triggerId) ? current : routed
    const { manifest } = deployment.compiled
    const triggers = manifest.triggers.map((id) => ({ id, node: manifest.nodes[id] as TriggerManifest }))
    const chosen = triggerId
      ? triggers.find((t) => t.id === triggerId)
      : (triggers.find((t) => t.node.start.kind === 'manual') ?? triggers[0])
    if (!chosen) {
      if (requiredKind) throw new NotFoundError('trigger', `${workflowId}/${triggerId}`)
      throw new InvalidError(`workflow "${workflowId}" has no trigger "${triggerId}"`, [
        { path: 'trigger', message: `must be one of: ${manifest.triggers.join(', ')}` },
      ])
    }
    if (requiredKind && chosen.node.start.kind !== requiredKind) {
      throw new InvalidError(`trigger "${chosen.id}" is not a ${requiredKind} trigger`, [
        { path: 'trigger', field: chosen.id, message: `is a ${chosen.node.start.kind} trigger` },
      ])
    }
    const errors = validateForm(chosen.node.input?.fields ?? [], input, { prefix: 'input', allowExtra: true })
    if (errors.length > 0) throw new InvalidError(`the input does not fit trigger "${chosen.id}"`, errors)
    const record = dedupe?.record(instanceId, this.engine.now())
    await this.engine.start(instanceId, deployment, chosen.id, input, by, record).committed
  }
}
