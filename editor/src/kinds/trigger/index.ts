import type { EditorKind } from '../editor-kind'
import { triggerFacts } from './trigger'
import { TriggerForm } from './trigger-form'
import { TriggerNode } from './trigger-node'

export const triggerKind: EditorKind<'trigger'> = { ...triggerFacts, Node: TriggerNode, Form: TriggerForm }
