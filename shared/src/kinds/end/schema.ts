import { z } from 'zod'
import { NodeBase } from '../../model/common'

export const Outcome = z.enum(['completed', 'rejected', 'cancelled', 'failed'])
export type Outcome = z.infer<typeof Outcome>

export const EndData = z.object({ ...NodeBase, outcome: Outcome.default('completed') }).strict()
export type EndData = z.infer<typeof EndData>
