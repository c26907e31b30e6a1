import type { NodeKind, NodeOfKind, WorkflowDocument } from '@conveyor/shared'
import type { DocumentChange } from '../doc/changes'

export interface KindFormProps<K extends NodeKind> {
  node: NodeOfKind<K>
  document: WorkflowDocument
  /** Sets data fields of this node; `undefined` removes a field. */
  update: (patch: Partial<Record<keyof NodeOfKind<K>['data'], unknown>>) => void
  /** Applies changes that reach beyond this node's data (one undo step). */
  apply: (...changes: DocumentChange[]) => void
  /** Field names an expression on this node can read. */
  dataFields: string[]
}

/** The form of a kind with no fields of its own (a fork, a join, a note). */
export const NoExtraFields = () => null
