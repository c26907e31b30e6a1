import type { WorkflowSummary } from '@conveyor/shared/protocol/api'
import { Link } from '../app/router'
import { ConfirmButton } from './confirm-button'

interface WorkflowTableProps {
  workflows: WorkflowSummary[]
  onDuplicate: (workflow: WorkflowSummary) => void
  onDelete: (workflow: WorkflowSummary) => void
  /** Viewers get the list without Duplicate and Delete, which the runtime would refuse them. */
  lookOnly?: boolean
}

const updatedFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })

export function WorkflowTable({ workflows, onDuplicate, onDelete, lookOnly = false }: WorkflowTableProps) {
  if (workflows.length === 0) {
    return <p>No workflows yet: start a blank one, begin from a template, or import a file.</p>
  }
  return (
    <table className="workflow-table" aria-label="Workflows">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Value stream</th>
          <th scope="col">Owner</th>
          <th scope="col">Nodes</th>
          <th scope="col">Last updated</th>
          <th scope="col">Deployed</th>
          {!lookOnly && (
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {workflows.map((workflow) => (
          <tr key={workflow.id}>
            <th scope="row">
              <Link href={`/workflows/${encodeURIComponent(workflow.id)}`}>{workflow.name}</Link>
              {workflow.description && <div className="muted">{workflow.description}</div>}
            </th>
            <td>{workflow.valueStream ?? '—'}</td>
            <td>{workflow.owner ?? '—'}</td>
            <td>{workflow.nodeCount}</td>
            <td>
              <time dateTime={workflow.updatedAt}>{updatedFormat.format(new Date(workflow.updatedAt))}</time>
            </td>
            <td>{workflow.latestDeployment ? `v${workflow.latestDeployment.version}` : 'not yet'}</td>
            {!lookOnly && (
              <td className="row-actions">
                <button
                  type="button"
                  aria-label={`Duplicate ${workflow.name}`}
                  onClick={() => onDuplicate(workflow)}
                >
                  Duplicate
                </button>{' '}
                <ConfirmButton
                  label={`Delete ${workflow.name}`}
                  text="Delete"
                  question={`Delete “${workflow.name}”? Its deployed versions and runs stay in the history.`}
                  confirmText="Delete workflow"
                  onConfirm={() => onDelete(workflow)}
                />
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  )
}
