import { useState } from 'react'
import { api } from '../api/client'
import { ProblemList } from '../api/problem-list'

/** Characters some file system refuses in a file name. */
const unsafeInFileName = /[\\/:*?"<>|]+/g

/** The file a workflow is saved as: its name, as far as a file name can hold it, else its id. */
export function bpmnFileName(name: string, workflowId: string): string {
  const printable = [...name].map((char) => (char < ' ' ? ' ' : char)).join('')
  const safe = printable.replace(unsafeInFileName, '-').trim()
  return `${/[^\s-]/.test(safe) ? safe : workflowId}.bpmn`
}

/** Hands text to the browser as a file download under a name of ours. */
function saveFile(text: string, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.click()
  // The browser reads the blob after the click has returned: let it go only once it surely has.
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}

interface BpmnDownloadProps {
  workflowId: string
  workflowName: string
  /** Resolves once the runtime has the diagram as shown, so the file holds what is on screen. */
  storeChanges: () => Promise<void>
}

/**
 * Saves the workflow as a BPMN 2.0 file (`<name>.bpmn`) for the BPMN tools others use (Camunda
 * Modeler, Signavio): written by the runtime, as its export route gives it, from what is on screen.
 */
export function BpmnDownload({ workflowId, workflowName, storeChanges }: BpmnDownloadProps) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>()

  const download = async () => {
    setBusy(true)
    setError(undefined)
    try {
      await storeChanges()
      const xml = await api.exportBpmn(workflowId)
      saveFile(xml, bpmnFileName(workflowName, workflowId), 'application/bpmn+xml')
    } catch (refusal) {
      setError(refusal)
    } finally {
      setBusy(false)
    }
  }

  return (
    <span className="bpmn-download">
      <button
        type="button"
        onClick={() => void download()}
        disabled={busy}
        aria-label="Download as BPMN"
        title="Download as BPMN: this workflow as a BPMN 2.0 file, with its diagram, for other BPMN tools"
      >
        {/* An icon, named for screen readers and on hover: the toolbar keeps to one row. */}
        <span aria-hidden="true">⤓</span>
      </button>
      {error !== undefined && (
        <div className="bpmn-download__refusal">
          <ProblemList title="Not downloaded" error={error} />
          <button type="button" onClick={() => setError(undefined)}>
            Dismiss
          </button>
        </div>
      )}
    </span>
  )
}
