import type { NodeKind, NodeOfKind, WorkflowDocument } from '@conveyor/shared'

export interface KindFormProps<K extends NodeKind> {
  node: NodeOfKind<K>
  document: WorkflowDocument
  /** Sets data fields of this node; `undefined` removes a field. */
  update: (patch: Partial<Record<keyof NodeOfKind<K>['data'], unknown>>) => void
  /** Field names an expression on this node can read. */
  dataFields: string[]
}
