import type { NodeKind } from '@conveyor/shared'
import { editorKind } from '../kinds/registry'

/** Every node kind has a fixed size (its kind's), so layout, lanes and the minimap need not measure the DOM. */
export function nodeSize(kind: NodeKind): { width: number; height: number } {
  return editorKind(kind).size
}

/** The height of an empty lane's band; bands grow to hold their nodes (`lane-bands.ts`). */
export const laneHeight = 200
/** Room at the left of the bands (x < 0) for the lane names, so they do not cover nodes. */
export const laneGutter = 160

/** Where the band of the lane at `index` starts when every band above holds one row of nodes. */
export function laneTop(index: number): number {
  return index * laneHeight
}
