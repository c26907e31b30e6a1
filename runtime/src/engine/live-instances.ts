import { createActor } from 'xstate'
import { instanceRowsIn, type InstanceRow } from '../store/repositories/instance-rows'
import { openIncidentNodes } from '../store/repositories/incident-rows'
import { openTaskNodes } from '../store/repositories/task-rows'
import type { SqlExecutor } from '../store/sql'
import type { DeploymentCache } from './deployments'
import type { Clock } from './engine-parts'
import { isFinished, liveInstance, refresh, type LiveInstance } from './live-instance'
import { isTaskNode } from './node-work'
import type { OwnedParts } from './owned-parts'

/** Nodes per instance, from rows of (instance, node). */
function byInstance(rows: Array<{ instance_id: string; node_id: string }>): Map<string, string[]> {
  const nodes = new Map<string, string[]>()
  for (const { instance_id: id, node_id: node } of rows) nodes.set(id, [...(nodes.get(id) ?? []), node])
  return nodes
}

/**
 * The unfinished instances held in memory, and the loading of those that left it (an instance
 * waiting for weeks is evicted once idle). A load reads the instance rows with their open incidents
 * and tasks, one query each for any number of instances; an instance already being loaded is not
 * read twice, so it is never held as two objects.
 *
 * Only instances of owned partitions are held. Those of a partition lost are dropped: let go of
 * and marked, so that work still in flight on them (a slow call) finds them no longer current; one
 * read while its partition was lost comes back dropped and is not held.
 */
export class LiveInstances {
  private readonly inMemory = new Map<string, LiveInstance>()
  private readonly loading = new Map<string, Promise<LiveInstance | undefined>>()
  /** Instances that finished in the open batch: their stored row still says unfinished until it commits. */
  private readonly ending = new Set<string>()
  /** Objects let go of because their partition was lost (or their batch refused): never current again. */
  private readonly dropped = new WeakSet<LiveInstance>()

  constructor(
    private readonly sql: SqlExecutor,
    private readonly deployments: Pick<DeploymentCache, 'get'>,
    private readonly now: Clock,
    private readonly owned: Pick<OwnedParts, 'ownsInstance'>,
  ) {}

  /** The instance if it is in memory now. */
  get(instanceId: string): LiveInstance | undefined {
    return this.inMemory.get(instanceId)
  }

  add(live: LiveInstance): void {
    this.inMemory.set(live.id, live)
  }

  /** Lets the instance leave memory (it is loaded again when something happens to it). */
  evict(live: LiveInstance): void {
    if (this.inMemory.get(live.id) === live) this.inMemory.delete(live.id)
  }

  /** Lets go of the instances for which `drops` is true, for good (see `isDropped`). */
  drop(drops: (live: LiveInstance) => boolean): void {
    for (const live of this.inMemory.values()) {
      if (!drops(live)) continue
      this.inMemory.delete(live.id)
      this.dropped.add(live)
    }
  }

  /** True for an object let go of by `drop`, or read while its partition was not owned. */
  isDropped(live: LiveInstance): boolean {
    return this.dropped.has(live)
  }

  /** The instance finished; `committed` is called back once its final state is stored. */
  finished(live: LiveInstance, committed: (done: () => void) => void): void {
    this.inMemory.delete(live.id)
    this.ending.add(live.id)
    committed(() => this.ending.delete(live.id))
  }

  /**
   * The unfinished ones of `instanceIds`, from memory or loaded from their last committed state
   * (absent: finished or unknown). Each is the object held in memory when this resolves.
   */
  async load(instanceIds: readonly string[]): Promise<Map<string, LiveInstance>> {
    const found = new Map<string, LiveInstance>()
    let wanted = [...new Set(instanceIds)]
    while (wanted.length > 0) {
      const held = await Promise.all(this.heldOrLoading(wanted))
      // One that left memory again while others were still loading is loaded once more.
      const again: string[] = []
      wanted.forEach((id, i) => {
        const one = held[i]
        if (one === undefined) return
        // Its partition was lost meanwhile: the object (dropped) is all there is, and no current one.
        if (!this.owned.ownsInstance(id)) {
          found.set(id, one)
          return
        }
        const live = this.inMemory.get(id)
        if (live) found.set(id, live)
        else if (!this.ending.has(id)) again.push(id)
      })
      wanted = again
    }
    return found
  }

  private heldOrLoading(ids: string[]): Array<LiveInstance | undefined | Promise<LiveInstance | undefined>> {
    const toRead = ids.filter((id) => !this.inMemory.has(id) && !this.loading.has(id) && !this.ending.has(id))
    if (toRead.length > 0) {
      const read = this.read(toRead)
      for (const id of toRead) {
        const one = read.then((restored) => this.hold(restored.get(id)))
        this.loading.set(id, one)
        const done = () => this.loading.delete(id)
        one.then(done, done)
      }
    }
    return ids.map((id) => this.inMemory.get(id) ?? this.loading.get(id))
  }

  private hold(live: LiveInstance | undefined): LiveInstance | undefined {
    if (!live) return undefined
    if (!this.owned.ownsInstance(live.id)) this.dropped.add(live)
    else this.inMemory.set(live.id, live)
    return live
  }

  private async read(ids: string[]): Promise<Map<string, LiveInstance>> {
    const [rows, incidents, tasks] = await Promise.all([
      instanceRowsIn(this.sql, ids),
      openIncidentNodes(this.sql, ids),
      openTaskNodes(this.sql, ids),
    ])
    const openIncidents = byInstance(incidents)
    const openTasks = byInstance(tasks)
    const restored = new Map<string, LiveInstance>()
    for (const row of rows) {
      if (isFinished(row.status)) continue
      const live = await this.restore(row, openIncidents.get(row.id) ?? [], openTasks.get(row.id) ?? [])
      if (live) restored.set(row.id, live)
    }
    return restored
  }

  private async restore(
    row: InstanceRow,
    incidents: string[],
    tasks: string[],
  ): Promise<LiveInstance | undefined> {
    const deployment = await this.deployments.get(row.deployment_id)
    if (!deployment) return undefined
    const actor = createActor(deployment.machine, { snapshot: JSON.parse(row.snapshot) })
    actor.start()
    const live = liveInstance(
      {
        id: row.id,
        deployment,
        actor,
        trigger: row.trigger_id,
        startedAt: row.started_at,
        visits: JSON.parse(row.visits) as Record<string, number>,
        active: [],
        status: row.status,
        outcome: row.outcome,
        endedAt: row.ended_at,
        // A restored instance keeps its `incident` status.
        incidents: new Set(incidents),
      },
      // An automated node with an open task had its work handed to people (its step is manual).
      tasks.filter((nodeId) => !isTaskNode(deployment.compiled.manifest.nodes[nodeId])),
    )
    live.stateBytes = row.snapshot.length
    live.eventSeq = row.event_seq
    refresh(live, this.now())
    return live
  }
}
