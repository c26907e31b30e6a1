import { useEffect, useRef } from 'react'
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
}: MonacoExpressionEditorProps) {
  const host = useRef<HTMLDivElement>(null)
  const editor = useRef<monaco.editor.IStandaloneCodeEditor>(null)
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
    })
    editor.current = instance
    const textarea = host.current?.querySelector('textarea')
    textarea?.setAttribute('id', id)
    if (focusOnMount) {
      instance.focus()
      instance.setPosition(model.getPositionAt(model.getValueLength()))
    }
    const subscriptions = [
      model.onDidChangeContent(() => callbacks.current.onChange(model.getValue())),
      instance.onDidBlurEditorText(() => callbacks.current.onBlur()),
    ]
    return () => {
      subscriptions.forEach((subscription) => subscription.dispose())
      completionFields.delete(model.uri.toString())
      instance.dispose()
      model.dispose()
    }
    // The editor is created once; value, fields and problem are synced by the effects below.
  }, [])

  useEffect(() => {
    // While someone types, the model is ahead of React's value: only outside changes (undo, another
    // collaborator) are pushed in, or the cursor would jump back to the start.
    const model = editor.current?.getModel()
    if (model && !editor.current?.hasTextFocus() && model.getValue() !== value) model.setValue(value)
  }, [value])

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
