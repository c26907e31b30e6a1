/**
 * What the simulator assumes where a workflow's facts are silent. Every use is reported as an
 * assumption beside the outputs, so people can see which figures rest on a guess and type in the fact.
 */
export const whatIfDefaults = {
  /** Items a week, when no step or decision near the start has `volumePerWeek`. */
  volumePerWeek: 100,
  /** A person's handling time of a step or decision without `handlingTimeMinutes`. */
  personMinutes: 10,
  /** How long a machine takes for an automated step without `handlingTimeMinutes`. */
  machineMinutes: 1,
  /** People in a lane none of whose steps has `staff`. */
  people: 1,
  /** An augment step's review takes this share of doing the work in full (and costs that share). */
  reviewShare: 0.25,
  /** Suggestions people override, when a step is switched to augment without an override rate. */
  overrideRate: 0.3,
} as const

/** A figure the simulator had to assume, and where. */
export interface Assumption {
  /** The node or lane it is about. */
  node?: string
  lane?: string
  /** The fact that was missing, like `facts.handlingTimeMinutes` or `branches`. */
  field: string
  message: string
}
