import { checkExpression } from '@conveyor/shared/expressions/index'
import type { ExpressionFieldRef } from '@conveyor/shared/ydoc/expression-texts'
import { lazy, Suspense, useId, useMemo, useRef, useState } from 'react'
import { useReadOnly } from '../app/read-only'
import { useDraft } from '../inspector/fields'
import { useExpressionCollaboration } from './expression-collaboration'

const MonacoExpressionEditor = lazy(() => import('./monaco-expression-editor'))

const noCommit = () => {}

/** Once someone has reached for an expression editor, later ones open straight in Monaco. */
let monacoWanted = false

export interface ExpressionFieldProps {
  label: string
  value: string | undefined
  onCommit: (value: string | undefined) => void
  /** Instance-data field names to complete. */
  fields: string[]
  hint?: string
  /** Where the expression is in the workflow, so people on the live connection type it together. */
  field?: ExpressionFieldRef
}

/**
 * A JSONata expression. It starts as a plain text area and becomes Monaco (about 850 KB) the first
 * time someone points at or focuses one, so opening the inspector never waits for it. On a live
 * connection, Monaco edits the field's shared text with everyone else (`expression-binding.ts`);
 * the text area, like Monaco without one, commits when the person pauses or leaves.
 */
export function ExpressionField({ label, value, onCommit, fields, hint, field }: ExpressionFieldProps) {
  const id = useId()
  const readOnly = useReadOnly()
  const collaboration = useExpressionCollaboration()
  const shared = collaboration && field ? { collaboration, field } : undefined
  const [wanted, setWanted] = useState(monacoWanted)
  const focusOnMount = useRef(false)
  const { draft, change, flush } = useDraft(value ?? '', (next) =>
    onCommit(next.trim() === '' ? undefined : next),
  )
  // Shared typing writes the workflow at every keystroke: its value is the one to check.
  const checked = shared ? (value ?? '') : draft
  const problem = useMemo(() => {
    if (checked.trim() === '') return undefined
    const result = checkExpression(checked)
    return result.ok ? undefined : result
  }, [checked])
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
      readOnly={readOnly}
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
            onBlur={shared ? noCommit : flush}
            fields={fields}
            problem={problem}
            focusOnMount={focusOnMount.current}
            readOnly={readOnly}
            shared={shared}
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
