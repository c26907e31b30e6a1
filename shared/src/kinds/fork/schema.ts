import { z } from 'zod'
import { NodeBase } from '../../model/common'

/** Starts parallel work: every outgoing edge is a branch, all meeting again at one join. */
export const ForkData = z.object({ ...NodeBase }).strict()
export type ForkData = z.infer<typeof ForkData>
