import { barNode } from '../../canvas/nodes/bar-node'
import { NoExtraFields } from '../../inspector/kind-form-props'
import type { EditorKind } from '../editor-kind'
import { forkFacts } from './fork'

export const forkKind: EditorKind<'fork'> = {
  ...forkFacts,
  Node: barNode(forkFacts.icon),
  Form: NoExtraFields,
}
