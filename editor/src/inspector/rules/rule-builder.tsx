import { jsonataToRule, ruleToJsonata, type Condition, type Rule } from '@conveyor/shared/rules/index'
import { useEffect, useRef, useState } from 'react'
import { ConditionRowEditor, fieldOfRow } from './condition-row'
import { conditionOf, emptyRow, rowOf, valueKindOf, type ConditionRow } from './rule-operators'
import type { RuleField } from './rule-fields'

interface RuleBuilderProps {
  /** The group's name, e.g. "Condition for Yes". */
  label: string
  /** The condition's JSONata, which must be in the builder's subset. */
  value: string | undefined
  fields: RuleField[]
  readOnly: boolean
  /** Writes the condition's new JSONata (`undefined`: no condition). */
  write: (text: string | undefined) => void
}

interface BuilderState {
  match: Rule['match']
  rows: ConditionRow[]
}

function stateOf(text: string | undefined): BuilderState {
  const read = jsonataToRule(text)
  const rule = read.ok ? read.rule : { match: 'all' as const, conditions: [] }
  return { match: rule.match, rows: rule.conditions.length > 0 ? rule.conditions.map(rowOf) : [emptyRow] }
}

/**
 * A condition built from rows of field, operator and value, joined by all or any. The JSONata text
 * counts: the builder shows it, and writes it again whenever a row is complete; a row still being
 * filled in stays here until it is. A text someone else (or undo) changes is shown afresh.
 */
export function RuleBuilder({ label, value, fields, readOnly, write }: RuleBuilderProps) {
  const [state, setState] = useState(() => stateOf(value))
  const written = useRef(value)
  useEffect(() => {
    if (value === written.current) return
    written.current = value
    setState(stateOf(value))
  }, [value])

  const change = (next: BuilderState) => {
    setState(next)
    const conditions = next.rows.flatMap((row): Condition[] => {
      const condition = conditionOf(row, valueKindOf(fieldOfRow(row, fields)?.type))
      return condition ? [condition] : []
    })
    const text = ruleToJsonata({ match: next.match, conditions })
    if (text === written.current) return
    written.current = text
    write(text)
  }
  const setRow = (index: number, row: ConditionRow) =>
    change({ ...state, rows: state.rows.map((current, at) => (at === index ? row : current)) })
  const several = state.rows.length > 1

  return (
    <fieldset className="rule">
      <legend>{label}</legend>
      {several ? (
        <select
          aria-label="Conditions that must hold"
          value={state.match}
          disabled={readOnly}
          onChange={(event) => change({ ...state, match: event.target.value as Rule['match'] })}
        >
          <option value="all">All of these</option>
          <option value="any">Any of these</option>
        </select>
      ) : null}
      <ol className="rule__conditions">
        {state.rows.map((row, index) => (
          <li key={index}>
            <ConditionRowEditor
              row={row}
              fields={fields}
              suffix={several ? ` ${index + 1}` : ''}
              readOnly={readOnly}
              onChange={(next) => setRow(index, next)}
            />
            {several && !readOnly ? (
              <button
                type="button"
                className="is-destructive"
                onClick={() => change({ ...state, rows: state.rows.filter((_, at) => at !== index) })}
              >
                Remove condition {index + 1}
              </button>
            ) : null}
          </li>
        ))}
      </ol>
      {readOnly ? null : (
        <button type="button" onClick={() => change({ ...state, rows: [...state.rows, emptyRow] })}>
          Add a condition
        </button>
      )}
      {value !== undefined ? (
        <p className="field__hint">
          Written as <code>{value}</code>
        </p>
      ) : null}
      {fields.length === 0 ? (
        <p className="field__hint">
          No trigger input or form comes before this decision yet: add fields to test.
        </p>
      ) : null}
    </fieldset>
  )
}
