import {
  atLevel,
  describeReadiness,
  type Diagnostic,
  type DiagnosticLevel,
} from '@conveyor/shared/validator/index'
import { useId } from 'react'

const severityRank = { error: 0, warning: 1, info: 2 }

/** How a finding is marked: a run-level error is not wrong on the map, only not set up yet. */
function tagOf(diagnostic: Diagnostic): { icon: string; text: string; className: string } {
  if (diagnostic.severity === 'error' && diagnostic.level === 'run')
    return { icon: '⚙', text: 'to set up', className: 'problem--setup' }
  const icon = { error: '✖', warning: '⚠', info: 'ℹ' }[diagnostic.severity]
  return { icon, text: diagnostic.severity, className: `problem--${diagnostic.severity}` }
}

interface ProblemsPanelProps {
  diagnostics: Diagnostic[]
  focusNode: (nodeId: string) => void
  focusEdge: (edgeId: string) => void
}

const groups: ReadonlyArray<{ level: DiagnosticLevel; title: string; none: string }> = [
  { level: 'map', title: 'Map', none: 'The map is complete: its flow is whole.' },
  { level: 'run', title: 'To set up before it runs', none: 'Nothing left to set up.' },
]

/**
 * What the validator found, in two groups: problems on the map (the flow is not whole) and what to
 * set up before it runs. Choosing a finding selects and centres what it is about.
 */
export function ProblemsPanel({ diagnostics, focusNode, focusEdge }: ProblemsPanelProps) {
  return (
    <div className="problems">
      <p role="status">{describeReadiness(diagnostics)}</p>
      {groups.map((group) => (
        <ProblemGroup
          key={group.level}
          {...group}
          diagnostics={atLevel(diagnostics, group.level)}
          focusNode={focusNode}
          focusEdge={focusEdge}
        />
      ))}
    </div>
  )
}

function ProblemGroup({
  title,
  none,
  diagnostics,
  focusNode,
  focusEdge,
}: ProblemsPanelProps & { title: string; none: string }) {
  const headingId = useId()
  const sorted = [...diagnostics].sort((a, b) => severityRank[a.severity] - severityRank[b.severity])
  return (
    <section className="problems__group" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {title} ({diagnostics.length})
      </h3>
      {sorted.length === 0 ? (
        <p className="problems__none">
          <span aria-hidden="true">✓</span> {none}
        </p>
      ) : (
        <ul aria-labelledby={headingId}>
          {sorted.map((diagnostic, index) => (
            <li key={`${diagnostic.code}-${index}`} className="problem">
              <ProblemItem diagnostic={diagnostic} focusNode={focusNode} focusEdge={focusEdge} />
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

function ProblemItem({
  diagnostic,
  focusNode,
  focusEdge,
}: Omit<ProblemsPanelProps, 'diagnostics'> & { diagnostic: Diagnostic }) {
  const tag = tagOf(diagnostic)
  const content = (
    <>
      <span className={`problem__severity ${tag.className}`}>
        <span aria-hidden="true">{tag.icon}</span> {tag.text}
      </span>{' '}
      <span className="problem__message">{diagnostic.message}</span>
      {diagnostic.hint ? <span className="problem__hint">{diagnostic.hint}</span> : null}
    </>
  )
  if (diagnostic.nodeId === undefined && diagnostic.edgeId === undefined)
    return <div className="problem__button">{content}</div>
  return (
    <button
      type="button"
      className="problem__button"
      onClick={() => (diagnostic.nodeId ? focusNode(diagnostic.nodeId) : focusEdge(diagnostic.edgeId!))}
    >
      {content}
    </button>
  )
}
