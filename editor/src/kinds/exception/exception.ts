import { Position } from '@xyflow/react'
import type { KindFacts } from '../editor-kind'

/** An exception hangs below the step it is attached to (entered at its top) and leads on. */
export const exceptionFacts: KindFacts<'exception'> = {
  label: 'Exception',
  icon: '⚠',
  size: { width: 170, height: 56 },
  border: 2,
  handles: (_node, { output, at }) => [at('target', Position.Top, null), output],
  newData: ({ attachTo }) => ({ label: 'Handle the failure', attachedTo: attachTo ?? '', on: 'error' }),
  refusal: ({ attachTo }) =>
    attachTo
      ? undefined
      : 'An exception belongs to a step: add a step first, or drag from a step’s exception handle.',
}
