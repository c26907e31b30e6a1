import type { WorkflowNode } from '@conveyor/shared'

/** Nodes offered by name, one button each: the matches of a search or of "Connect to…". */
export function NodeChoices({
  id,
  className,
  label,
  nodes,
  empty,
  onChoose,
}: {
  id: string
  className: string
  label: string
  nodes: WorkflowNode[]
  /** What to say when nothing is offered. */
  empty: string
  onChoose: (nodeId: string) => void
}) {
  return (
    <ul id={id} className={className} aria-label={label}>
      {nodes.length === 0 ? <li className="muted">{empty}</li> : null}
      {nodes.map((node) => (
        <li key={node.id}>
          <button type="button" onClick={() => onChoose(node.id)}>
            {node.data.label} <span className="muted">({node.type})</span>
          </button>
        </li>
      ))}
    </ul>
  )
}
