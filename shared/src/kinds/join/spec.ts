import type { KindSpec } from '../kind-spec'
import { passThrough } from '../pass-through'

/** Where a fork's branches meet: the machine enters it once every branch has arrived. */
export const joinSpec: KindSpec<'join'> = {
  entries: { kind: 'any' },
  exits: { kind: 'one' },
  branches: () => [],
  attachesExceptions: false,
  measured: false,
  manifest: (node, { forkOfJoin }) => ({
    kind: 'join',
    label: node.data.label,
    lane: node.data.lane,
    fork: forkOfJoin.get(node.id)!,
  }),
  ...passThrough,
}
