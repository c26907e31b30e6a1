import type { KindSpec } from '../kind-spec'
import { passThrough } from '../pass-through'
import { triggerFieldsGiven } from './fields-given'

/** Starts the workflow: nothing leads in, one connection leads out. */
export const triggerSpec: KindSpec<'trigger'> = {
  entries: {
    kind: 'none',
    code: 'trigger.has-incoming',
    reason: 'Nothing leads into a trigger: it starts the workflow.',
  },
  exits: { kind: 'one' },
  branches: () => [],
  attachesExceptions: false,
  measured: false,
  fieldsGiven: triggerFieldsGiven,
  manifest: (node) => ({
    kind: 'trigger',
    label: node.data.label,
    lane: node.data.lane,
    start: node.data.start,
    input: node.data.input,
  }),
  ...passThrough,
}
