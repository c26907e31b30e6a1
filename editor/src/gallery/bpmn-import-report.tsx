import type { BpmnImportOutcome, BpmnImportReport } from '@conveyor/shared/bpmn'
import { Link } from '../app/router'

const outcomeWords: Record<BpmnImportOutcome, string> = {
  approximated: 'approximated',
  dropped: 'left out',
  check: 'kept as written, to check',
}

interface BpmnImportReportProps {
  workflow: { id: string; name: string }
  report: BpmnImportReport
}

/** What became of the BPMN elements Conveyor could not take over as they were, and the way to the new workflow. */
export function BpmnImportReportView({ workflow, report }: BpmnImportReportProps) {
  return (
    <section aria-labelledby="bpmn-report-heading" className="bpmn-import-report">
      <h2 id="bpmn-report-heading">Imported “{workflow.name}”</h2>
      <p>
        {report.exporter ? `Written by ${report.exporter}. ` : ''}
        {report.notes.length} element{report.notes.length === 1 ? '' : 's'} did not come over as they were:
      </p>
      <ul aria-label="Import notes">
        {report.notes.map((note) => (
          <li key={`${note.bpmnId} ${note.outcome}`}>
            <code>{note.bpmnId}</code>
            {note.name ? ` (${note.name})` : ''} {outcomeWords[note.outcome]}: {note.message}. {note.hint}
          </li>
        ))}
      </ul>
      <Link href={`/workflows/${encodeURIComponent(workflow.id)}`}>Open {workflow.name}</Link>
    </section>
  )
}
