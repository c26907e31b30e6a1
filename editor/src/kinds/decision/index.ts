import type { EditorKind } from '../editor-kind'
import { decisionFacts } from './decision'
import { DecisionForm } from './decision-form'
import { DecisionNode } from './decision-node'

export const decisionKind: EditorKind<'decision'> = {
  ...decisionFacts,
  Node: DecisionNode,
  Form: DecisionForm,
}
