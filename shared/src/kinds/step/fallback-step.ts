import { callsOutside, type FallbackManifest } from './fallback'
import type { StepManifest } from './manifest'
import type { ManifestNode } from '../../compiler/compiled'

/** A compiled node that calls an outside service or the assistant, with who does it by hand. */
export type FallbackStep = StepManifest & { fallback: FallbackManifest }

/** The node as a step that can fall back to people, or undefined for any other node. */
export function fallbackStepOf(node: ManifestNode | undefined): FallbackStep | undefined {
  return node?.kind === 'step' && node.fallback && callsOutside(node) ? (node as FallbackStep) : undefined
}
