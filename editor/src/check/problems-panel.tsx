import type { Diagnostic } from '@conveyor/shared/validator/index'

const severityIcon = { error: '✖', warning: '⚠', info: 'ℹ' }
const severityRank = { error: 0, warning: 1, info: 2 }

interface ProblemsPanelProps {
  diagnostics: Diagnostic[]
  focusNode: (nodeId: string) => void
  focusEdge: (edgeId: string) => void
}

/** What the validator found; choosing a problem selects and centres what it is about. */
export function ProblemsPanel({ diagnostics, focusNode, focusEdge }: ProblemsPanelProps) {
  if (diagnostics.length === 0) {
    return (
      <p className="problems__none" role="status">
        <span aria-hidden="true">✓</span> No problems: this workflow can be deployed.
      </p>
    )
  }
  const sorted = [...diagnostics].sort((a, b) => severityRank[a.severity] - severityRank[b.severity])
  const errors = diagnostics.filter((entry) => entry.severity === 'error').length
  return (
    <div className="problems">
      <p role="status">
        {errors} {errors === 1 ? 'error' : 'errors'}, {diagnostics.length - errors} other{' '}
        {diagnostics.length - errors === 1 ? 'finding' : 'findings'}
      </p>
      <ul aria-label="Problems">
        {sorted.map((diagnostic, index) => {
          const target = diagnostic.nodeId ?? diagnostic.edgeId
          const content = (
            <>
              <span className={`problem__severity problem--${diagnostic.severity}`}>
                <span aria-hidden="true">{severityIcon[diagnostic.severity]}</span> {diagnostic.severity}
              </span>{' '}
              <span className="problem__message">{diagnostic.message}</span>
              {diagnostic.hint ? <span className="problem__hint">{diagnostic.hint}</span> : null}
            </>
          )
          return (
            <li key={`${diagnostic.code}-${index}`} className="problem">
              {target ? (
                <button
                  type="button"
                  className="problem__button"
                  onClick={() =>
                    diagnostic.nodeId ? focusNode(diagnostic.nodeId) : focusEdge(diagnostic.edgeId!)
                  }
                >
                  {content}
                </button>
              ) : (
                <div className="problem__button">{content}</div>
              )}
            </li>
          )
        })}
      </ul>
    </div>
  )
}
