import type { BpmnImportReport } from '@conveyor/shared/bpmn'
import type { WorkflowSummary } from '@conveyor/shared/protocol/api'
import { useState } from 'react'
import { api } from '../api/client'
import { ProblemList } from '../api/problem-list'
import { useResource } from '../api/use-resource'
import { navigate } from '../app/router'
import { useIsViewer } from '../app/use-is-viewer'
import { copyDocument } from './copy-document'
import { BpmnImportReportView } from './bpmn-import-report'
import { ImportWorkflow, type ImportedFile } from './import-workflow'
import { NewWorkflowForm } from './new-workflow-form'
import { SiteNav } from './site-nav'
import { TemplateList } from './template-list'
import { WorkflowTable } from './workflow-table'
import './gallery.css'

interface Failure {
  title: string
  error: unknown
}

/** The home page: every workflow, and the ways to start a new one. */
export function GalleryPage() {
  const workflows = useResource(() => api.listWorkflows(), 'workflows')
  const examples = useResource(() => api.listExamples(), 'examples')
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<Failure>()
  const [notice, setNotice] = useState<string>()
  const [bpmnImport, setBpmnImport] = useState<{ workflow: WorkflowSummary; report: BpmnImportReport }>()
  const isViewer = useIsViewer()

  const takenIds = () => new Set((workflows.data ?? []).map((workflow) => workflow.id))

  /** Runs one change against the API; on success opens the result or refreshes the list. */
  async function act<T>(title: string, change: () => Promise<T>, after: (result: T) => void) {
    setBusy(true)
    setFailure(undefined)
    setNotice(undefined)
    setBpmnImport(undefined)
    try {
      after(await change())
    } catch (error) {
      setFailure({ title, error })
    } finally {
      setBusy(false)
    }
  }

  const open = (record: { id: string }) => navigate(`/workflows/${encodeURIComponent(record.id)}`)

  const duplicate = (workflow: WorkflowSummary) =>
    act(
      `${workflow.name} was not duplicated`,
      async () => {
        const original = await api.getWorkflow(workflow.id)
        return api.importWorkflow(copyDocument(original.document, takenIds()))
      },
      (copy) => {
        setNotice(`Created “${copy.name}”.`)
        workflows.reload()
      },
    )

  /** A BPMN file that came over as it was opens; otherwise the gallery says what became of each element. */
  const importFile = (file: ImportedFile) => {
    if ('problem' in file) return setFailure({ title: 'The file was not imported', error: file.problem })
    if ('document' in file)
      return act('The file was not imported', () => api.importWorkflow(file.document), open)
    return act(
      'The file was not imported',
      () => api.importBpmn(file.bpmn),
      (imported) => {
        if (imported.report.notes.length === 0) return open(imported.workflow)
        setBpmnImport(imported)
        workflows.reload()
      },
    )
  }

  const remove = (workflow: WorkflowSummary) =>
    act(
      `${workflow.name} was not deleted`,
      () => api.deleteWorkflow(workflow.id),
      () => {
        setNotice(`Deleted “${workflow.name}”.`)
        workflows.reload()
      },
    )

  return (
    <>
      <SiteNav />
      <main className="page gallery">
        <h1>Workflows</h1>
        {failure && <ProblemList title={failure.title} error={failure.error} />}
        {notice && <p role="status">{notice}</p>}
        {bpmnImport && <BpmnImportReportView {...bpmnImport} />}

        {isViewer ? (
          <p role="note" className="gallery-view-only">
            You can open every workflow and look around. Starting, importing, copying or deleting workflows
            needs the editor role: ask an admin if you need it.
          </p>
        ) : (
          <section aria-labelledby="start-heading" className="gallery-start">
            <h2 id="start-heading">Start a workflow</h2>
            <NewWorkflowForm
              busy={busy}
              onCreate={(name) =>
                act('The workflow was not created', () => api.createBlankWorkflow(name), open)
              }
            />
            <ImportWorkflow busy={busy} onImport={importFile} />
            <h3>From a template</h3>
            {examples.error && <p role="alert">Templates could not be loaded: {examples.error}</p>}
            {examples.data && (
              <TemplateList
                examples={examples.data}
                busy={busy}
                onUse={(example) =>
                  act(
                    `The template ${example.name} was not used`,
                    () => api.createFromExample(example.slug),
                    open,
                  )
                }
              />
            )}
          </section>
        )}

        <section aria-labelledby="list-heading">
          <h2 id="list-heading">Your workflows</h2>
          {workflows.error && <p role="alert">Workflows could not be loaded: {workflows.error}</p>}
          {workflows.loading && !workflows.data && <p>Loading workflows…</p>}
          {workflows.data && (
            <WorkflowTable
              workflows={workflows.data}
              onDuplicate={duplicate}
              onDelete={remove}
              lookOnly={isViewer}
            />
          )}
        </section>
      </main>
    </>
  )
}
