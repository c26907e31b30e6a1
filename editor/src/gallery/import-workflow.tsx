import { useRef, type ChangeEvent } from 'react'

interface ImportWorkflowProps {
  busy: boolean
  /** Called with the parsed JSON of the chosen file, or with the reason it could not be read. */
  onImport: (result: { document: unknown } | { problem: string }) => void
}

/** Reads a workflow document file chosen by people; the server checks what is in it. */
export function ImportWorkflow({ busy, onImport }: ImportWorkflowProps) {
  const input = useRef<HTMLInputElement>(null)
  const choose = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0]
    if (!file) return
    const text = await file.text()
    if (input.current) input.current.value = ''
    try {
      onImport({ document: JSON.parse(text) as unknown })
    } catch (error) {
      onImport({ problem: `${file.name} is not a JSON document: ${(error as Error).message}` })
    }
  }
  return (
    <label className="import-workflow">
      Import a workflow file{' '}
      <input ref={input} type="file" accept=".json,application/json" disabled={busy} onChange={choose} />
    </label>
  )
}
