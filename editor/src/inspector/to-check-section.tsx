import type { WorkflowNode } from '@conveyor/shared'
import { useId } from 'react'

interface ToCheckSectionProps {
  node: WorkflowNode
  /** Clears what was to check, once someone has read it against the original. */
  onChecked: () => void
}

/**
 * What the import of a BPMN file left to check on this node (the same findings the Problems tab
 * lists), each with its advice, and the way to say it has been checked.
 */
export function ToCheckSection({ node, onChecked }: ToCheckSectionProps) {
  const headingId = useId()
  const findings = node.data.toCheck ?? []
  if (findings.length === 0) return null
  return (
    <section className="to-check" aria-labelledby={headingId}>
      <h3 id={headingId}>To check since the import</h3>
      <ul>
        {findings.map((finding, index) => (
          <li key={index}>
            {finding.message}. <span className="muted">{finding.hint}</span>
          </li>
        ))}
      </ul>
      <button type="button" onClick={onChecked}>
        Mark as checked
      </button>
    </section>
  )
}
