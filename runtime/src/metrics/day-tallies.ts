import { emptyItemTally, emptyStepTally, mergeTally, type ItemTally, type StepTally } from './metric-tallies'

const dayMs = 86_400_000

/** The UTC day (days since 1970-01-01) a time falls on: the grain tallies are kept at. */
export const dayOf = (at: number) => Math.floor(at / dayMs)

/** Where a tally belongs: per workflow, deployment, node (`''` for the items) and day. */
export interface TallyKey {
  workflowId: string
  deploymentId: string
  nodeId: string
  day: number
}

/** The item tallies' node id: node ids are never empty. */
export const itemsNode = ''

export interface TallyEntry<T> {
  key: TallyKey
  tally: T
}

/** Tallies by workflow, deployment, node and day, in memory (a whole log, or one batch's changes). */
export class DayTallies {
  readonly steps = new Map<string, TallyEntry<StepTally>>()
  readonly items = new Map<string, TallyEntry<ItemTally>>()

  step(workflowId: string, deploymentId: string, nodeId: string, at: number): StepTally {
    return this.entry(this.steps, { workflowId, deploymentId, nodeId, day: dayOf(at) }, emptyStepTally)
  }

  item(workflowId: string, deploymentId: string, at: number): ItemTally {
    return this.entry(
      this.items,
      { workflowId, deploymentId, nodeId: itemsNode, day: dayOf(at) },
      emptyItemTally,
    )
  }

  addStep(key: TallyKey, tally: StepTally): void {
    mergeTally(this.entry(this.steps, key, emptyStepTally), tally)
  }

  addItems(key: TallyKey, tally: ItemTally): void {
    mergeTally(this.entry(this.items, key, emptyItemTally), tally)
  }

  private entry<T>(map: Map<string, TallyEntry<T>>, key: TallyKey, empty: () => T): T {
    const id = `${key.workflowId}\u0000${key.deploymentId}\u0000${key.nodeId}\u0000${key.day}`
    let entry = map.get(id)
    if (!entry) map.set(id, (entry = { key, tally: empty() }))
    return entry.tally
  }
}
