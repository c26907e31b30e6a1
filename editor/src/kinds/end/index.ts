import type { EditorKind } from '../editor-kind'
import { endFacts } from './end'
import { EndForm } from './end-form'
import { EndNode } from './end-node'

export const endKind: EditorKind<'end'> = { ...endFacts, Node: EndNode, Form: EndForm }
