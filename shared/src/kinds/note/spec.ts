import type { KindSpec } from '../kind-spec'

const apart = 'A note is not part of the flow: nothing connects to it.'

/** A remark on the diagram: it is drawn and saved, and the graph, validator and compiler skip it. */
export const noteSpec: KindSpec<'note'> = {
  entries: { kind: 'none', reason: apart },
  exits: { kind: 'none', reason: apart },
  branches: () => [],
  attachesExceptions: false,
  measured: false,
  annotation: true,
}
