import { barNode } from '../../canvas/nodes/bar-node'
import { NoExtraFields } from '../../inspector/kind-form-props'
import type { EditorKind } from '../editor-kind'
import { joinFacts } from './join'

export const joinKind: EditorKind<'join'> = {
  ...joinFacts,
  Node: barNode(joinFacts.icon),
  Form: NoExtraFields,
}
