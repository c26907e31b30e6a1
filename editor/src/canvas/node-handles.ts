import type { WorkflowNode } from '@conveyor/shared'
import { Position, type NodeHandle } from '@xyflow/react'
import { exceptionHandle } from '../doc/connection-rules'
import { nodeSizes } from '../doc/geometry'

/** Matches `.react-flow__handle` in canvas.css. */
const handleSize = 10
/** Border width of each kind's shape in canvas.css: handles sit on the inside of the border. */
const borders: Record<WorkflowNode['type'], number> = {
  trigger: 2,
  step: 2,
  decision: 4,
  exception: 2,
  fork: 2,
  join: 2,
  end: 4,
  note: 1,
}

/**
 * Where each node kind's handles are, computed rather than measured. Without them React Flow
 * draws every node once at opening just to measure its handles; with them it draws only the
 * nodes on screen, and edges of nodes off screen still know where to attach.
 */
export function handlesOf(node: WorkflowNode): NodeHandle[] {
  const { width, height } = nodeSizes[node.type]
  const b = borders[node.type]
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
  const input = at('target', Position.Left, null)
  const output = at('source', Position.Right, null)
  switch (node.type) {
    case 'trigger':
      return [output]
    case 'step':
      return [input, output, at('source', Position.Bottom, exceptionHandle)]
    case 'decision': {
      const { branches } = node.data
      return [
        input,
        ...branches.map((branch, index) =>
          at('source', Position.Right, branch.id, (index + 1) / (branches.length + 1)),
        ),
      ]
    }
    case 'exception':
      return [at('target', Position.Top, null), output]
    case 'fork':
    case 'join':
      return [input, output]
    case 'end':
      return [input]
    case 'note':
      return []
  }
}
