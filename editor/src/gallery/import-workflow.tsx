import { useRef, type ChangeEvent } from 'react'

export type ImportedFile = { document: unknown } | { bpmn: string } | { problem: string }

interface ImportWorkflowProps {
  busy: boolean
  /** Called with the parsed JSON or the BPMN text of the chosen file, or with the reason it could not be read. */
  onImport: (result: ImportedFile) => void
}

const isBpmnFile = (name: string) => /\.(bpmn|xml)$/i.test(name)

/** Reads a workflow document or BPMN 2.0 file chosen by people; the server checks what is in it. */
export function ImportWorkflow({ busy, onImport }: ImportWorkflowProps) {
  const input = useRef<HTMLInputElement>(null)
  const choose = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0]
    if (!file) return
    const text = await file.text()
    if (input.current) input.current.value = ''
    if (isBpmnFile(file.name)) return onImport({ bpmn: text })
    try {
      onImport({ document: JSON.parse(text) as unknown })
    } catch (error) {
      onImport({ problem: `${file.name} is not a JSON document: ${(error as Error).message}` })
    }
  }
  return (
    <label className="import-workflow">
      Import a workflow file{' '}
      <input
        ref={input}
        type="file"
        accept=".json,application/json,.bpmn,.xml,application/bpmn+xml,application/xml"
        disabled={busy}
        onChange={choose}
      />
    </label>
  )
}
