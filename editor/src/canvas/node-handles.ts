import type { WorkflowNode } from '@conveyor/shared'
import { Position, type NodeHandle } from '@xyflow/react'
import { editorKind } from '../kinds/registry'

/** Matches `.react-flow__handle` in canvas.css. */
const handleSize = 10

/**
 * Where each node kind's handles are, computed rather than measured. Without them React Flow
 * draws every node once at opening just to measure its handles; with them it draws only the
 * nodes on screen, and edges of nodes off screen still know where to attach.
 */
export function handlesOf(node: WorkflowNode): NodeHandle[] {
  const kind = editorKind(node.type)
  const { width, height } = kind.size
  const b = kind.border
  const at = (
    type: 'source' | 'target',
    position: Position,
    id: string | null,
    fraction = 0.5,
  ): NodeHandle => {
    const along = { x: b + (width - 2 * b) * fraction, y: b + (height - 2 * b) * fraction }
    const centre = {
      [Position.Left]: { x: b, y: along.y },
      [Position.Right]: { x: width - b, y: along.y },
      [Position.Top]: { x: along.x, y: b },
      [Position.Bottom]: { x: along.x, y: height - b },
    }[position]
    return {
      id,
      type,
      position,
      x: centre.x - handleSize / 2,
      y: centre.y - handleSize / 2,
      width: handleSize,
      height: handleSize,
    }
  }
  return kind.handles(node, {
    input: at('target', Position.Left, null),
    output: at('source', Position.Right, null),
    at,
  })
}
