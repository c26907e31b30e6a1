import type { ExpressionFieldRef } from '@conveyor/shared/ydoc/expression-texts'
import { useEffect, useRef } from 'react'
import { bindSharedExpression } from './expression-binding'
import type { ExpressionCollaboration } from './expression-collaboration'
import { monaco } from './monaco-setup'
import { completionFields, jsonataLanguageId } from './jsonata-language'

interface MonacoExpressionEditorProps {
  id: string
  label: string
  value: string
  onChange: (value: string) => void
  onBlur: () => void
  fields: string[]
  problem: { message: string; position?: number } | undefined
  /** Focus the editor (cursor at the end) once created: the text area it replaces had focus. */
  focusOnMount: boolean
  readOnly: boolean
  /** Typed together with others: bound to the field's shared text instead of `value`/`onChange`. */
  shared?: { collaboration: ExpressionCollaboration; field: ExpressionFieldRef }
}

/** A small JSONata editor: highlighting, completion of data field names, parse errors as markers. */
export default function MonacoExpressionEditor({
  id,
  label,
  value,
  onChange,
  onBlur,
  fields,
  problem,
  focusOnMount,
  readOnly,
  shared,
}: MonacoExpressionEditorProps) {
  const host = useRef<HTMLDivElement>(null)
  const editor = useRef<monaco.editor.IStandaloneCodeEditor>(null)
  const isShared = shared !== undefined
  const callbacks = useRef({ onChange, onBlur })
  callbacks.current = { onChange, onBlur }

  useEffect(() => {
    const model = monaco.editor.createModel(value, jsonataLanguageId)
    const instance = monaco.editor.create(host.current!, {
      model,
      ariaLabel: label,
      minimap: { enabled: false },
      lineNumbers: 'off',
      glyphMargin: false,
      folding: false,
      wordWrap: 'on',
      scrollBeyondLastLine: false,
      overviewRulerLanes: 0,
      renderLineHighlight: 'none',
      fixedOverflowWidgets: true,
      automaticLayout: true,
      fontSize: 13,
      tabFocusMode: true,
      readOnly,
    })
    editor.current = instance
    const textarea = host.current?.querySelector('textarea')
    textarea?.setAttribute('id', id)
    if (focusOnMount) {
      instance.focus()
      instance.setPosition(model.getPositionAt(model.getValueLength()))
    }
    const subscriptions = [
      model.onDidChangeContent(() => {
        if (!shared) callbacks.current.onChange(model.getValue())
      }),
      instance.onDidBlurEditorText(() => callbacks.current.onBlur()),
    ]
    const unbind = shared ? bindSharedExpression(instance, shared.collaboration, shared.field) : undefined
    return () => {
      unbind?.()
      subscriptions.forEach((subscription) => subscription.dispose())
      completionFields.delete(model.uri.toString())
      instance.dispose()
      model.dispose()
    }
    // The editor is created once (the field it is bound to never changes: the inspector is keyed
    // by node); value, fields, problem and read-only are synced by the effects below.
  }, [])

  useEffect(() => {
    // While someone types, the model is ahead of React's value: only outside changes (undo) are
    // pushed in, or the cursor would jump back to the start. A shared text brings its own.
    // Read-only, every change is from outside.
    const model = editor.current?.getModel()
    if (isShared || !model) return
    const typing = !readOnly && editor.current?.hasTextFocus()
    if (!typing && model.getValue() !== value) model.setValue(value)
  }, [value, isShared, readOnly])

  useEffect(() => editor.current?.updateOptions({ readOnly }), [readOnly])

  useEffect(() => {
    const model = editor.current?.getModel()
    if (model) completionFields.set(model.uri.toString(), fields)
  }, [fields])

  useEffect(() => {
    const model = editor.current?.getModel()
    if (!model) return
    if (!problem) return monaco.editor.setModelMarkers(model, 'jsonata', [])
    const start = model.getPositionAt(problem.position ?? 0)
    const end = model.getPositionAt((problem.position ?? 0) + 1)
    monaco.editor.setModelMarkers(model, 'jsonata', [
      {
        severity: monaco.MarkerSeverity.Error,
        message: problem.message,
        startLineNumber: start.lineNumber,
        startColumn: start.column,
        endLineNumber: end.lineNumber,
        endColumn: Math.max(end.column, start.column + 1),
      },
    ])
  }, [problem, value])

  return <div ref={host} className="expression__monaco nokey" />
}
