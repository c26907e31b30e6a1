import { Position } from '@xyflow/react'
import { exceptionHandle } from '../../doc/connection-rules'
import type { KindFacts } from '../editor-kind'

/** A step: in, out, and its exception handle at the bottom, which exceptions attach through. */
export const stepFacts: KindFacts<'step'> = {
  label: 'Step',
  icon: '▭',
  size: { width: 200, height: 80 },
  border: 2,
  handles: (_node, { input, output, at }) => [input, output, at('source', Position.Bottom, exceptionHandle)],
  newData: () => ({ label: 'New step', mode: 'human', human: { form: { fields: [] } } }),
  ariaDetail: (node) => ` (${node.data.mode})`,
}
