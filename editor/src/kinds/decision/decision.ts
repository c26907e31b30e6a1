import { Position } from '@xyflow/react'
import { exitSpot, type KindFacts } from '../editor-kind'

/** A decision: one way in, and one way out per branch, each its own handle. */
export const decisionFacts: KindFacts<'decision'> = {
  label: 'Decision',
  icon: '◇',
  size: { width: 170, height: 90 },
  border: 4,
  handles: ({ data: { branches } }, { input, at }) => [
    input,
    ...branches.map((branch, index) =>
      at('source', Position.Right, branch.id, exitSpot(index, branches.length)),
    ),
  ],
  newData: () => ({
    label: 'New decision',
    decidedBy: 'rule',
    branches: [
      { id: 'yes', label: 'Yes' },
      { id: 'no', label: 'No' },
    ],
    defaultBranch: 'no',
  }),
}
