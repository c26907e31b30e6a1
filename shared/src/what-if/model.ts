import type { Outcome } from '../kinds/end/schema'
import type { Distribution } from './distribution'

/**
 * What the simulator runs: a workflow reduced to work, routes and capacity, by node id (the same
 * ids as the document, so predictions land on the nodes people drew). Built from a document and
 * its typed-in facts by `modelFromDocument`, changed by a scenario, or written by hand in tests.
 * Times are minutes; the clock starts on a Monday at 00:00.
 */
export interface WhatIfModel {
  arrivals: Arrivals
  lanes: WhatIfLane[]
  nodes: WhatIfNode[]
}

export interface Arrivals {
  /** Items arriving per hour while arrivals are open (a Poisson stream). */
  perHour: number
  /** When items arrive; always, when absent. */
  calendar?: WeeklyHours
  /** Where items enter, with each start's share of them (shares are normalised). */
  starts: Array<{ node: string; share: number }>
}

/** Open on the given days (0 = Sunday … 6 = Saturday) from one hour of the day to another. */
export interface WeeklyHours {
  days: number[]
  fromHour: number
  toHour: number
}

/** People who share one queue of work. */
export interface WhatIfLane {
  id: string
  name: string
  people: number
  /** When its people work; around the clock, when absent. Work started is finished. */
  hours?: WeeklyHours
}

export interface WhatIfNode {
  id: string
  label: string
  /** What happens to an item here before it is routed on; nothing, for a node it passes through. */
  work?: PersonWork | MachineWork
  /** Cost of one visit (of work done in full; see `assisted` and `fallback`). */
  cost: number
  /** Share of visits that fail (a machine) or are rejected (a person), leaving by `onFailure`. */
  failureRate: number
  /** Where a failed visit goes: an exception node; the item ends as failed when absent. */
  onFailure?: string
  sla?: WhatIfSla
  route: WhatIfRoute
}

export interface PersonWork {
  by: 'person'
  lane: string
  handling: Distribution
  /** An assistant prepares the work: a person only reviews it unless they override the suggestion. */
  assisted?: { overrideRate: number; review: Distribution; reviewCost: number }
}

export interface MachineWork {
  by: 'machine'
  duration: Distribution
  /** A share of the items the machine hands over to a person, who does the work in full. */
  fallback?: { rate: number; lane: string; handling: Distribution; cost: number }
}

export interface WhatIfSla {
  withinMinutes: number
  /** Waiting work moves to this lane's queue when the SLA is breached (the work stays where it is). */
  escalateTo?: string
  /** Without an escalation: the item leaves the step through this exception node when breached. */
  onTimeout?: string
}

export type WhatIfRoute =
  | { kind: 'next'; to: string }
  | { kind: 'branch'; options: Array<{ branch: string; to: string; probability: number }> }
  /** Parallel branches; the item goes on when all of them meet at the matching `merge`. */
  | { kind: 'split'; to: string[] }
  | { kind: 'merge'; branches: number; to: string }
  | { kind: 'finish'; outcome: Outcome }
