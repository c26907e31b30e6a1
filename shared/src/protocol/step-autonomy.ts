import type { AutonomyLevel, ResolvedAutonomy } from '../kinds/step/autonomy'

/** Accuracy figures of an augment step, from the verdicts the server judged. */
export interface AutonomyFigures {
  /** How many of the latest reviews the accuracy is measured over (the promotion's `minReviewed`). */
  window: number
  reviewed: number
  /** Accepted as suggested. */
  accepted: number
  /** accepted / reviewed; null with nothing reviewed. */
  accuracy: number | null
  /** The latest sampled reviews since the level was set (up to the demotion's `ofSampled`). */
  sampledReviewed: number
  sampledOverrides: number
}

export interface AutonomyProposal {
  id: string
  level: AutonomyLevel
  threshold: number
  /** The figures that made the runtime propose it. */
  figures: AutonomyFigures
  proposedAt: string
}

/** An augment step's autonomy: the level in force, the document's settings, the figures, a pending proposal. */
export interface StepAutonomyView {
  workflowId: string
  nodeId: string
  level: AutonomyLevel
  threshold: number
  /** `document` until someone or the runtime sets a level; then `policy`. */
  source: 'document' | 'policy'
  setAt: string | null
  setBy: string | null
  settings: ResolvedAutonomy
  figures: AutonomyFigures
  proposal: AutonomyProposal | null
}
