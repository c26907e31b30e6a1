import { checkExpression } from '@conveyor/shared/expressions/index'
import { lazy, Suspense, useId, useMemo, useRef, useState } from 'react'
import { useDraft } from '../inspector/fields'

const MonacoExpressionEditor = lazy(() => import('./monaco-expression-editor'))

/** Once someone has reached for an expression editor, later ones open straight in Monaco. */
let monacoWanted = false

export interface ExpressionFieldProps {
  label: string
  value: string | undefined
  onCommit: (value: string | undefined) => void
  /** Instance-data field names to complete. */
  fields: string[]
  hint?: string
}

/**
 * A JSONata expression. It starts as a plain text area and becomes Monaco (about 850 KB) the first
 * time someone points at or focuses one, so opening the inspector never waits for it.
 */
export function ExpressionField({ label, value, onCommit, fields, hint }: ExpressionFieldProps) {
  const id = useId()
  const [wanted, setWanted] = useState(monacoWanted)
  const focusOnMount = useRef(false)
  const { draft, change, flush } = useDraft(value ?? '', (next) =>
    onCommit(next.trim() === '' ? undefined : next),
  )
  const problem = useMemo(() => {
    if (draft.trim() === '') return undefined
    const result = checkExpression(draft)
    return result.ok ? undefined : result
  }, [draft])
  const want = (focused: boolean) => {
    monacoWanted = true
    focusOnMount.current ||= focused
    setWanted(true)
  }
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
      onFocus={() => want(true)}
      onPointerEnter={() => want(false)}
    />
  )
  return (
    <div className="field expression">
      <label htmlFor={id}>{label}</label>
      {wanted ? (
        <Suspense fallback={fallback}>
          <MonacoExpressionEditor
            id={id}
            label={label}
            value={draft}
            onChange={change}
            onBlur={flush}
            fields={fields}
            problem={problem}
            focusOnMount={focusOnMount.current}
          />
        </Suspense>
      ) : (
        fallback
      )}
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
