import type { EditorKind } from '../editor-kind'
import { stepFacts } from './step'
import { StepForm } from './step-form'
import { StepNode } from './step-node'

export const stepKind: EditorKind<'step'> = { ...stepFacts, Node: StepNode, Form: StepForm }
