import { nodeKinds } from '@conveyor/shared'
import type { NodeTypes } from '@xyflow/react'
import { editorKind } from '../../kinds/registry'
import { LaneNode } from './lane-node'

/** React Flow's component for each node kind (from the kind registry), and the lanes' bands. */
export const nodeTypes: NodeTypes = {
  ...Object.fromEntries(nodeKinds.map((kind) => [kind, editorKind(kind).Node])),
  lane: LaneNode,
}
