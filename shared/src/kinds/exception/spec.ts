import type { KindSpec } from '../kind-spec'
import { passThrough } from '../pass-through'

/** The way out of a step that failed, timed out or was rejected: entered from its step only. */
export const exceptionSpec: KindSpec<'exception'> = {
  entries: {
    kind: 'attached',
    code: 'exception.has-incoming',
    reason: 'An exception is entered from its step: drag from the step’s exception handle.',
  },
  exits: { kind: 'one' },
  branches: () => [],
  attachesExceptions: false,
  attachedTo: (node) => node.data.attachedTo,
  measured: false,
  manifest: (node) => ({
    kind: 'exception',
    label: node.data.label,
    lane: node.data.lane,
    attachedTo: node.data.attachedTo,
    on: node.data.on,
    handling: node.data.handling,
  }),
  ...passThrough,
}
