import { z } from 'zod'
import { NodeBase } from '../common'

/** Starts parallel work: every outgoing edge is a branch, all meeting again at one join. */
export const ForkData = z.object({ ...NodeBase }).strict()
export type ForkData = z.infer<typeof ForkData>

/** Waits until every branch of its fork has arrived. */
export const JoinData = z.object({ ...NodeBase }).strict()
export type JoinData = z.infer<typeof JoinData>
