import { emptySketch, mergeSketch, type DurationSketch } from './duration-sketch'

/**
 * What is counted per step (and decision) per day: only sums and sketches, so the tallies of any
 * set of days (or deployments) merge into that period's figures by addition.
 */
export interface StepTally {
  started: number
  completed: number
  rejected: number
  failed: number
  cancelled: number
  slaBreaches: number
  /** Ended executions a person handled (a task, a verdict, a fallback task). */
  byPerson: number
  /** Completed executions a machine did in place of a person (a connector call, an applied suggestion). */
  byMachine: number
  verdicts: number
  overrides: number
  assistantFallbacks: number
  autoApplied: number
  doneByFallback: number
  /** People's executions that had a cost, and what they cost. */
  costed: number
  cost: number
  handling: DurationSketch
  waiting: DurationSketch
}

/** What is counted per item (instance) per day; an item's figures land on the day it ended. */
export interface ItemTally {
  started: number
  completed: number
  rejected: number
  failed: number
  cancelled: number
  /** Ended items no person handled. */
  touchless: number
  /** Ended items that visited a step or decision more than once. */
  reworked: number
  /** Ended items that had a cost, and what they cost. */
  costed: number
  cost: number
  lead: DurationSketch
  touch: DurationSketch
  waiting: DurationSketch
}

export type Outcome = 'completed' | 'rejected' | 'failed' | 'cancelled'

export function emptyStepTally(): StepTally {
  return {
    started: 0,
    completed: 0,
    rejected: 0,
    failed: 0,
    cancelled: 0,
    slaBreaches: 0,
    byPerson: 0,
    byMachine: 0,
    verdicts: 0,
    overrides: 0,
    assistantFallbacks: 0,
    autoApplied: 0,
    doneByFallback: 0,
    costed: 0,
    cost: 0,
    handling: emptySketch(),
    waiting: emptySketch(),
  }
}

export function emptyItemTally(): ItemTally {
  return {
    started: 0,
    completed: 0,
    rejected: 0,
    failed: 0,
    cancelled: 0,
    touchless: 0,
    reworked: 0,
    costed: 0,
    cost: 0,
    lead: emptySketch(),
    touch: emptySketch(),
    waiting: emptySketch(),
  }
}

/** Adds `from` into `into`, field by field: counts add, sketches merge. */
export function mergeTally<T extends StepTally | ItemTally>(into: T, from: T): T {
  const target = into as unknown as Record<string, number | DurationSketch>
  for (const [key, value] of Object.entries(from) as Array<[string, number | DurationSketch]>) {
    const current = target[key]
    if (typeof value === 'number') target[key] = ((current as number | undefined) ?? 0) + value
    else if (current === undefined) target[key] = structuredClone(value)
    else mergeSketch(current as DurationSketch, value)
  }
  return into
}
