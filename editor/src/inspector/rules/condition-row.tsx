import { isListOperator, isPresenceOperator, type RuleOperator } from '@conveyor/shared/rules/index'
import { useDraft } from '../fields'
import {
  operatorChoices,
  operatorFits,
  valueKindOf,
  type ConditionRow,
  type ValueKind,
} from './rule-operators'
import type { RuleField } from './rule-fields'

interface ConditionRowProps {
  row: ConditionRow
  fields: RuleField[]
  /** Added to each control's name when the rule has more than one condition (" 2"). */
  suffix: string
  readOnly: boolean
  onChange: (row: ConditionRow) => void
}

const keyOf = (path: readonly string[]) => JSON.stringify(path)

/** The field a row tests, as the workflow declares it (or as the text names it). */
export function fieldOfRow(row: ConditionRow, fields: RuleField[]): RuleField | undefined {
  if (!row.field) return undefined
  const key = keyOf(row.field)
  return fields.find((field) => keyOf(field.path) === key) ?? { path: row.field, label: row.field.join('.') }
}

/** One condition: a field chosen by its label, an operator in words, and a value of the field's type. */
export function ConditionRowEditor({ row, fields, suffix, readOnly, onChange }: ConditionRowProps) {
  const field = fieldOfRow(row, fields)
  const kind = valueKindOf(field?.type)
  const known = field && fields.some((entry) => keyOf(entry.path) === keyOf(field.path))
  const chooseField = (key: string) => {
    const next = fields.find((entry) => keyOf(entry.path) === key)
    if (!next) return
    const nextKind = valueKindOf(next.type)
    const operator = operatorFits(nextKind, row.operator) ? row.operator : 'is'
    onChange({ field: next.path, operator, value: nextKind === kind ? row.value : '' })
  }
  return (
    <div className="rule__condition">
      <select
        aria-label={`Field${suffix}`}
        value={field ? keyOf(field.path) : ''}
        disabled={readOnly}
        onChange={(event) => chooseField(event.target.value)}
      >
        <option value="" disabled>
          Choose a field
        </option>
        {fields.map((entry) => (
          <option key={keyOf(entry.path)} value={keyOf(entry.path)}>
            {entry.label}
          </option>
        ))}
        {field && !known ? (
          <option value={keyOf(field.path)}>{field.label} (not declared here)</option>
        ) : null}
      </select>
      <select
        aria-label={`Operator${suffix}`}
        value={row.operator}
        disabled={readOnly}
        onChange={(event) => onChange({ ...row, operator: event.target.value as RuleOperator })}
      >
        {operatorChoices(kind, row.operator).map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
      {isPresenceOperator(row.operator) ? null : (
        <ValueInput
          label={`Value${suffix}`}
          kind={kind}
          list={isListOperator(row.operator)}
          options={field?.options}
          value={row.value}
          readOnly={readOnly}
          onCommit={(value) => onChange({ ...row, value })}
        />
      )}
    </div>
  )
}

interface ValueInputProps {
  label: string
  kind: ValueKind
  list: boolean
  options: string[] | undefined
  value: string
  readOnly: boolean
  onCommit: (value: string) => void
}

/** Choices are picked at once; typed values are taken when the person pauses or leaves. */
function ValueInput({ label, kind, list, options, value, readOnly, onCommit }: ValueInputProps) {
  const { draft, change, flush } = useDraft(value, onCommit)
  if (list && kind === 'choice' && options)
    return (
      <ChoicesInput label={label} options={options} value={value} readOnly={readOnly} onCommit={onCommit} />
    )
  const choices =
    kind === 'yesNo'
      ? [
          { value: 'true', label: 'yes' },
          { value: 'false', label: 'no' },
        ]
      : kind === 'choice' && !list && options
        ? options.map((option) => ({ value: option, label: option }))
        : undefined
  if (choices)
    return (
      <select
        aria-label={label}
        value={value}
        disabled={readOnly}
        onChange={(event) => onCommit(event.target.value)}
      >
        <option value="" disabled>
          Choose
        </option>
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    )
  const typed = list ? 'text' : kind === 'number' ? 'number' : kind === 'date' ? 'date' : 'text'
  return (
    <input
      aria-label={label}
      type={typed}
      inputMode={typed === 'number' ? 'decimal' : undefined}
      step={typed === 'number' ? 'any' : undefined}
      placeholder={list ? 'values, separated by commas' : undefined}
      value={draft}
      readOnly={readOnly}
      onChange={(event) => change(event.target.value)}
      onBlur={flush}
      onKeyDown={(event) => event.key === 'Enter' && flush()}
    />
  )
}

/** "Is one of" a choice field: its choices, ticked (the value lists them, separated by commas). */
function ChoicesInput({
  label,
  options,
  value,
  readOnly,
  onCommit,
}: Omit<ValueInputProps, 'kind' | 'list' | 'options'> & { options: string[] }) {
  const ticked = new Set(value.split(',').map((item) => item.trim()))
  const toggle = (option: string, on: boolean) =>
    onCommit(options.filter((entry) => (entry === option ? on : ticked.has(entry))).join(', '))
  return (
    <div role="group" aria-label={label} className="rule__choices">
      {options.map((option) => (
        <label key={option}>
          <input
            type="checkbox"
            checked={ticked.has(option)}
            disabled={readOnly}
            onChange={(event) => toggle(option, event.target.checked)}
          />
          {option}
        </label>
      ))}
    </div>
  )
}
