import type { WorkflowDocument } from '@conveyor/shared'
import { useMemo } from 'react'
import { ruleFieldsAt } from './rules/rule-fields'
import { Section } from './fields'

/** What a picker of the item's fields says: its section, its switch, its list and its default. */
export interface FieldsPickerTexts {
  title: string
  choose: string
  legend: string
  /** What holds while nothing is chosen. */
  byDefault: string
}

interface FieldsPickerProps {
  texts: FieldsPickerTexts
  document: WorkflowDocument
  nodeId: string
  /** The paths chosen; undefined leaves the default. */
  value: string[] | undefined
  onChange: (value: string[] | undefined) => void
}

/** A choice among the item's fields at a step, by label, in the order they are offered. */
export function FieldsPicker({ texts, document, nodeId, value, onChange }: FieldsPickerProps) {
  const available = useMemo(
    () => ruleFieldsAt(document, nodeId).map((field) => ({ path: field.path.join('.'), label: field.label })),
    [document, nodeId],
  )
  const chosen = new Set(value ?? [])
  const toggle = (path: string) =>
    onChange(
      available
        .map((field) => field.path)
        .filter((candidate) => (candidate === path ? !chosen.has(path) : chosen.has(candidate))),
    )
  return (
    <Section title={texts.title}>
      <label>
        <input
          type="checkbox"
          checked={value !== undefined}
          disabled={available.length === 0}
          onChange={(event) =>
            onChange(event.target.checked ? available.map((field) => field.path) : undefined)
          }
        />{' '}
        {texts.choose}
      </label>
      {value === undefined ? (
        <p className="muted">{texts.byDefault}</p>
      ) : (
        <fieldset className="fields-picker">
          <legend>{texts.legend}</legend>
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

/** Which of the item's fields the inbox shows a person working this step. */
export const caseFieldsTexts: FieldsPickerTexts = {
  title: 'Shown in the inbox',
  choose: 'Choose the fields shown',
  legend: 'Fields shown',
  byDefault: 'The trigger’s inputs and the answers of earlier steps, by label.',
}

/** Which of the item's fields the assistant is given; it sees nothing else. */
export function assistantReadsTexts(
  produces: 'draft' | 'classification' | 'recommendation',
): FieldsPickerTexts {
  return {
    title: 'What the assistant may read',
    choose: 'Choose the fields it may read',
    legend: 'Fields it may read',
    byDefault:
      produces === 'draft'
        ? 'The fields its draft template names, and nothing else.'
        : 'Nothing yet: choose the fields it may read to sort the item.',
  }
}
