import { z } from 'zod'
import { NodeBase } from '../../model/common'

/** Waits until every branch of its fork has arrived. */
export const JoinData = z.object({ ...NodeBase }).strict()
export type JoinData = z.infer<typeof JoinData>
