import { branchesOf, exitHandlesOf, type WorkflowNode } from '@conveyor/shared'
import { useReadOnly } from '../../app/read-only'
import { exitSpot } from '../../kinds/editor-kind'
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

/** The exits on a node's right side, in order (a decision's branches), each where its handle is drawn. */
function exitsOf(node: WorkflowNode): Exit[] {
  const branches = branchesOf(node)
  // Only a decision's data has a default branch.
  const defaultBranch = 'defaultBranch' in node.data ? node.data.defaultBranch : undefined
  const handles = exitHandlesOf(node)
  return handles.map((handle, index) => {
    const branch = branches.find((entry) => entry.id === handle)
    return {
      handle,
      ...(branch ? { branch: branch.label, isDefault: defaultBranch === branch.id } : {}),
      at: exitSpot(index, handles.length),
    }
  })
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
