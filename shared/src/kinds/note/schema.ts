import { z } from 'zod'
import { NodeBase } from '../../model/common'

/** A remark drawn on the diagram for the people reading it; not part of the flow. */
export const NoteData = z.object({ ...NodeBase }).strict()
export type NoteData = z.infer<typeof NoteData>
