import { NoExtraFields } from '../../inspector/kind-form-props'
import type { EditorKind } from '../editor-kind'
import { noteFacts } from './note'
import { NoteNode } from './note-node'

export const noteKind: EditorKind<'note'> = { ...noteFacts, Node: NoteNode, Form: NoExtraFields }
