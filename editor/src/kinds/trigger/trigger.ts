import type { KindFacts } from '../editor-kind'

/** A trigger starts the workflow: one way out, none in. */
export const triggerFacts: KindFacts<'trigger'> = {
  label: 'Trigger',
  icon: '⚡',
  size: { width: 180, height: 64 },
  border: 2,
  handles: (_node, { output }) => [output],
  newData: () => ({ label: 'New trigger', start: { kind: 'manual' }, input: { fields: [] } }),
}
