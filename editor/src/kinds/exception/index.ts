import type { EditorKind } from '../editor-kind'
import { exceptionFacts } from './exception'
import { ExceptionForm } from './exception-form'
import { ExceptionNode } from './exception-node'

export const exceptionKind: EditorKind<'exception'> = {
  ...exceptionFacts,
  Node: ExceptionNode,
  Form: ExceptionForm,
}
