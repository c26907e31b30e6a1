import type { WorkflowDocument } from '@conveyor/shared'
import { useMemo } from 'react'
import { ruleFieldsAt } from './rules/rule-fields'
import { Section } from './fields'

interface CaseFieldsPickerProps {
  document: WorkflowDocument
  nodeId: string
  /** The paths chosen; undefined shows the default (the trigger's inputs and earlier answers). */
  value: string[] | undefined
  onChange: (value: string[] | undefined) => void
}

/** Which of the item's fields the inbox shows a person working this step, chosen by label. */
export function CaseFieldsPicker({ document, nodeId, value, onChange }: CaseFieldsPickerProps) {
  const available = useMemo(
    () => ruleFieldsAt(document, nodeId).map((field) => ({ path: field.path.join('.'), label: field.label })),
    [document, nodeId],
  )
  const chosen = new Set(value ?? [])
  // Kept in the order the fields are offered, which is the order the inbox lists them in.
  const toggle = (path: string) =>
    onChange(
      available
        .map((field) => field.path)
        .filter((candidate) => (candidate === path ? !chosen.has(path) : chosen.has(candidate))),
    )
  return (
    <Section title="Shown in the inbox">
      <label>
        <input
          type="checkbox"
          checked={value !== undefined}
          disabled={available.length === 0}
          onChange={(event) =>
            onChange(event.target.checked ? available.map((field) => field.path) : undefined)
          }
        />{' '}
        Choose the fields shown
      </label>
      {value === undefined ? (
        <p className="muted">The trigger’s inputs and the answers of earlier steps, by label.</p>
      ) : (
        <fieldset className="case-fields-picker">
          <legend>Fields shown</legend>
          {available.map((field) => (
            <label key={field.path}>
              <input type="checkbox" checked={chosen.has(field.path)} onChange={() => toggle(field.path)} />{' '}
              {field.label}
            </label>
          ))}
        </fieldset>
      )}
    </Section>
  )
}
