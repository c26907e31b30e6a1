import type { Target, WorkflowDocument } from '@conveyor/shared'
import type { DocumentChange } from '../doc/changes'
import { Section, TextField } from './fields'

/** What the owner wants from this value stream: "cost per order — cut 10–15%". */
export function TargetsEditor({
  document,
  apply,
}: {
  document: WorkflowDocument
  apply: (...changes: DocumentChange[]) => void
}) {
  const targets = document.targets
  const set = (next: Target[]) => apply({ type: 'updateMeta', patch: { targets: next } })
  const update = (index: number, patch: Partial<Target>) =>
    set(targets.map((target, at) => (at === index ? { ...target, ...patch } : target)))
  return (
    <Section title="Targets">
      <ol className="lanes-editor">
        {targets.map((target, index) => (
          <li key={index}>
            <TextField
              label={`Metric of target ${index + 1}`}
              placeholder="cost per order"
              value={target.metric}
              required
              onCommit={(metric) => metric && update(index, { metric })}
            />
            <TextField
              label={`Goal of target ${index + 1}`}
              placeholder="cut 10–15%"
              value={target.goal}
              required
              onCommit={(goal) => goal && update(index, { goal })}
            />
            <button
              type="button"
              className="is-destructive"
              onClick={() => set(targets.filter((_, at) => at !== index))}
            >
              Remove target {index + 1}
            </button>
          </li>
        ))}
      </ol>
      <button type="button" onClick={() => set([...targets, { metric: 'cycle time', goal: 'under 2 days' }])}>
        Add target
      </button>
    </Section>
  )
}
