import { Handle, Position } from '@xyflow/react'
import type { CSSProperties } from 'react'
import { useCanvasActions } from '../canvas-actions'

/**
 * A node's exit: the dot a connection is dragged from, and a button for the keyboard that opens
 * "Connect to…" from this very exit (a decision's branch included).
 */
export function ExitHandle({
  nodeId,
  nodeLabel,
  branch,
  isConnectable,
  style,
  title,
}: {
  nodeId: string
  nodeLabel: string
  /** A decision's branch: its id is the handle's, its label names the exit. */
  branch?: { id: string; label: string }
  isConnectable: boolean
  style?: CSSProperties
  title?: string
}) {
  const { connectFrom } = useCanvasActions()
  const keyboard = isConnectable
    ? {
        tabIndex: 0,
        role: 'button',
        'aria-label': `Connect ${nodeLabel}${branch ? ` (${branch.label})` : ''} to…`,
        onKeyDown: (event: React.KeyboardEvent) => {
          if (event.key !== 'Enter' && event.key !== ' ') return
          // The node around it would take Enter as "select me".
          event.preventDefault()
          event.stopPropagation()
          connectFrom(nodeId, branch?.id ?? null)
        },
      }
    : {}
  return (
    <Handle
      type="source"
      position={Position.Right}
      isConnectable={isConnectable}
      {...(branch ? { id: branch.id } : {})}
      {...(style ? { style } : {})}
      {...(title ? { title } : {})}
      {...keyboard}
    />
  )
}
