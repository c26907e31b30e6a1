import type { Diagnostic, FieldError } from '@conveyor/shared/protocol/api'
import { ApiError, messageOf } from './api-error'

interface ProblemListProps {
  /** What was refused, e.g. "The file was not imported". */
  title: string
  error: unknown
  /** When given, problems that name a node become buttons that show that node. */
  onSelectNode?: (nodeId: string) => void
}

/** A path as people read it: `nodes[3].data.mode`. */
function pathText(path: string | ReadonlyArray<string | number>): string {
  if (typeof path === 'string') return path
  return path.reduce<string>(
    (text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${key}` : key),
    '',
  )
}

function where(problem: Diagnostic | FieldError): string {
  if ('nodeId' in problem && problem.nodeId) return `node ${problem.nodeId}`
  if ('edgeId' in problem && problem.edgeId) return `edge ${problem.edgeId}`
  return pathText(problem.path)
}

/** Shows why the API refused something: its message and every diagnostic or wrong field it named. */
export function ProblemList({ title, error, onSelectNode }: ProblemListProps) {
  // The title says what was refused; an ApiError's reason says why, without repeating it.
  const message = error instanceof ApiError ? error.reason : messageOf(error)
  const problems: Array<Diagnostic | FieldError> =
    error instanceof ApiError ? [...error.diagnostics, ...error.fieldErrors] : []
  return (
    <div role="alert" className="problem-list">
      <strong>{title}</strong>
      <p>{message}</p>
      {problems.length > 0 && (
        <ul aria-label="Problems">
          {problems.map((problem, index) => {
            const nodeId = 'nodeId' in problem ? problem.nodeId : undefined
            const hint = 'hint' in problem ? problem.hint : undefined
            const text = `${where(problem)}: ${problem.message}`
            return (
              <li key={index}>
                {nodeId && onSelectNode ? (
                  <button type="button" className="link-button" onClick={() => onSelectNode(nodeId)}>
                    {text}
                  </button>
                ) : (
                  text
                )}
                {hint && <span className="problem-hint"> — {hint}</span>}
              </li>
            )
          })}
        </ul>
      )}
    </div>
  )
}
