import type { WorkflowNode } from '@conveyor/shared'
import { useReadOnly } from '../../app/read-only'
import { useCanvasActions } from '../canvas-actions'

interface Exit {
  handle: string | null
  /** A decision's branch name, written beside its exit. */
  branch?: string
  /** The branch taken when no other applies. */
  isDefault?: boolean
  /** Where the exit leaves the node's right side, as a fraction of its height. */
  at: number
}

function exitsOf(node: WorkflowNode): Exit[] {
  switch (node.type) {
    case 'decision': {
      const { branches } = node.data
      return branches.map((branch, index) => ({
        handle: branch.id,
        branch: branch.label,
        isDefault: node.data.defaultBranch === branch.id,
        at: (index + 1) / (branches.length + 1),
      }))
    }
    case 'end':
      return []
    default:
      return [{ handle: null, at: 0.5 }]
  }
}

/**
 * Beside each exit on a node's right side: a decision branch's name, and while the exit leads
 * nowhere a "+" that adds the next step there and connects it, in one action.
 */
export function ExitControls({
  node,
  freeExits = [],
}: {
  node: WorkflowNode
  freeExits?: ReadonlyArray<string | null> | undefined
}) {
  const { addStepAfter } = useCanvasActions()
  const readOnly = useReadOnly()
  const exits = exitsOf(node)
  if (exits.length === 0) return null
  return (
    <div className="exit-controls">
      {exits.map((exit) => (
        <div className="exit-controls__exit" key={exit.handle ?? ''} style={{ top: `${exit.at * 100}%` }}>
          {exit.branch ? (
            <span className="exit-controls__branch">
              {exit.branch}
              {exit.isDefault ? ' (default)' : ''}
            </span>
          ) : null}
          {!readOnly && freeExits.includes(exit.handle) ? (
            <button
              type="button"
              className="exit-controls__add nodrag nopan"
              aria-label={`Add step after ${node.data.label}${exit.branch ? ` (${exit.branch})` : ''}`}
              title={exit.branch ? `Add the next step on “${exit.branch}”` : 'Add the next step'}
              onClick={(event) => {
                event.stopPropagation()
                addStepAfter(node.id, exit.handle)
              }}
            >
              +
            </button>
          ) : null}
        </div>
      ))}
    </div>
  )
}
