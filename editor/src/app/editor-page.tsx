import { useDocument, useWorkflowSession } from '../doc/use-workflow-session'
import type { WorkflowSession } from '../doc/workflow-session'
import { Link } from './router'

export function EditorPage({ workflowId }: { workflowId: string }) {
  const load = useWorkflowSession(workflowId)
  if (load.status === 'loading') return <p className="page">Opening workflow {workflowId}…</p>
  if (load.status === 'failed') {
    return (
      <main className="page">
        <h1>Could not open this workflow</h1>
        <p role="alert">{load.message}</p>
        <Link href="/">Back to the workflows</Link>
      </main>
    )
  }
  return <WorkflowEditor session={load.session} />
}

function WorkflowEditor({ session }: { session: WorkflowSession }) {
  const document = useDocument(session)
  return (
    <main className="page">
      <h1>{document.name}</h1>
    </main>
  )
}
