import type { NodeKind } from '@conveyor/shared'
import { noteSize } from '../kinds/note/note'

/** Every node kind has a fixed size, so layout, lanes and the minimap need not measure the DOM. */
export const nodeSizes: Record<NodeKind, { width: number; height: number }> = {
  trigger: { width: 180, height: 64 },
  step: { width: 200, height: 80 },
  decision: { width: 170, height: 90 },
  exception: { width: 170, height: 56 },
  fork: { width: 48, height: 110 },
  join: { width: 48, height: 110 },
  end: { width: 140, height: 56 },
  note: noteSize,
}

/** The height of an empty lane's band; bands grow to hold their nodes (`lane-bands.ts`). */
export const laneHeight = 200
/** Room at the left of the bands (x < 0) for the lane names, so they do not cover nodes. */
export const laneGutter = 160

/** Where the band of the lane at `index` starts when every band above holds one row of nodes. */
export function laneTop(index: number): number {
  return index * laneHeight
}
