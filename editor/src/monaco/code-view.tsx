import { useEffect, useRef } from 'react'
import { monaco } from './monaco-setup'

const readOnlyOptions: monaco.editor.IEditorOptions = {
  readOnly: true,
  minimap: { enabled: false },
  scrollBeyondLastLine: false,
  automaticLayout: true,
  fontSize: 12,
  tabFocusMode: true,
}

/** Read-only code in Monaco (the compiled machine). */
export function CodeView({ value, language, label }: { value: string; language: string; label: string }) {
  const host = useRef<HTMLDivElement>(null)
  const editor = useRef<monaco.editor.IStandaloneCodeEditor>(null)
  useEffect(() => {
    const model = monaco.editor.createModel('', language)
    editor.current = monaco.editor.create(host.current!, { ...readOnlyOptions, model, ariaLabel: label })
    return () => {
      editor.current?.dispose()
      model.dispose()
    }
  }, [language, label])
  useEffect(() => {
    const model = editor.current?.getModel()
    if (model && model.getValue() !== value) model.setValue(value)
  }, [value])
  return <div ref={host} className="code-view nokey" />
}

/** Two versions side by side, changes highlighted. */
export function DiffView({
  original,
  modified,
  language,
  label,
}: {
  original: string
  modified: string
  language: string
  label: string
}) {
  const host = useRef<HTMLDivElement>(null)
  const editor = useRef<monaco.editor.IStandaloneDiffEditor>(null)
  useEffect(() => {
    const models = {
      original: monaco.editor.createModel('', language),
      modified: monaco.editor.createModel('', language),
    }
    const diff = monaco.editor.createDiffEditor(host.current!, {
      ...readOnlyOptions,
      renderSideBySide: false,
      ariaLabel: label,
      originalAriaLabel: `${label}: deployed`,
      modifiedAriaLabel: `${label}: current`,
    })
    diff.setModel(models)
    editor.current = diff
    return () => {
      diff.dispose()
      models.original.dispose()
      models.modified.dispose()
    }
  }, [language, label])
  useEffect(() => {
    const model = editor.current?.getModel()
    if (!model) return
    if (model.original.getValue() !== original) model.original.setValue(original)
    if (model.modified.getValue() !== modified) model.modified.setValue(modified)
  }, [original, modified])
  return <div ref={host} className="code-view nokey" />
}
