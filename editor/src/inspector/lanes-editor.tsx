import type { Lane, WorkflowDocument } from '@conveyor/shared'
import type { DocumentChange } from '../doc/changes'
import { removeLaneChanges } from '../doc/lane-changes'
import { freshId } from '../doc/node-ids'
import { Section, SelectField, TextField } from './fields'

export function addLaneChange(document: WorkflowDocument): DocumentChange {
  const id = freshId(
    'lane',
    document.lanes.map((lane) => lane.id),
  )
  return { type: 'addLane', lane: { id, name: `Lane ${document.lanes.length + 1}`, kind: 'role' } }
}

const kindOptions = [
  { value: 'role', label: 'Role' },
  { value: 'team', label: 'Team' },
  { value: 'system', label: 'System' },
] as const

/** The swimlanes, top to bottom: rename, say what they are, remove. */
export function LanesEditor({
  document,
  apply,
}: {
  document: WorkflowDocument
  apply: (...changes: DocumentChange[]) => void
}) {
  return (
    <Section title="Lanes">
      <ol className="lanes-editor">
        {document.lanes.map((lane, index) => (
          <li key={lane.id}>
            <TextField
              label={`Name of lane ${index + 1}`}
              value={lane.name}
              required
              onCommit={(name) => name && apply({ type: 'updateLane', id: lane.id, patch: { name } })}
            />
            <SelectField<Lane['kind']>
              label={`What ${lane.name} is`}
              value={lane.kind}
              options={kindOptions}
              onChange={(kind) => kind && apply({ type: 'updateLane', id: lane.id, patch: { kind } })}
            />
            <button
              type="button"
              className="is-destructive"
              onClick={() => apply(...removeLaneChanges(document, lane.id))}
            >
              Remove lane {lane.name}
            </button>
          </li>
        ))}
      </ol>
      <button type="button" onClick={() => apply(addLaneChange(document))}>
        Add lane
      </button>
    </Section>
  )
}
