import { checkExpression } from '@conveyor/shared/expressions/index'
import { lazy, Suspense, useId, useMemo } from 'react'
import { useDraft } from '../inspector/fields'

const MonacoExpressionEditor = lazy(() => import('./monaco-expression-editor'))

export interface ExpressionFieldProps {
  label: string
  value: string | undefined
  onCommit: (value: string | undefined) => void
  /** Instance-data field names to complete. */
  fields: string[]
  hint?: string
}

/** A JSONata expression: Monaco once it has loaded, a plain text area until then. */
export function ExpressionField({ label, value, onCommit, fields, hint }: ExpressionFieldProps) {
  const id = useId()
  const { draft, change, flush } = useDraft(value ?? '', (next) =>
    onCommit(next.trim() === '' ? undefined : next),
  )
  const problem = useMemo(() => {
    if (draft.trim() === '') return undefined
    const result = checkExpression(draft)
    return result.ok ? undefined : result
  }, [draft])
  const fallback = (
    <textarea
      id={id}
      className="expression__fallback"
      value={draft}
      rows={2}
      spellCheck={false}
      aria-invalid={problem ? true : undefined}
      aria-describedby={problem ? `${id}-problem` : undefined}
      onChange={(event) => change(event.target.value)}
      onBlur={flush}
    />
  )
  return (
    <div className="field expression">
      <label htmlFor={id}>{label}</label>
      <Suspense fallback={fallback}>
        <MonacoExpressionEditor
          id={id}
          label={label}
          value={draft}
          onChange={change}
          onBlur={flush}
          fields={fields}
          problem={problem}
        />
      </Suspense>
      {problem ? (
        <p className="field__error" id={`${id}-problem`}>
          <span aria-hidden="true">✖</span> {problem.message}
        </p>
      ) : hint ? (
        <p className="field__hint">{hint}</p>
      ) : null}
    </div>
  )
}
