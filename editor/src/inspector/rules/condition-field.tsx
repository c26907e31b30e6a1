import { jsonataToRule } from '@conveyor/shared/rules/index'
import { replaceText, type ExpressionFieldRef } from '@conveyor/shared/ydoc/expression-texts'
import { useState } from 'react'
import { useReadOnly } from '../../app/read-only'
import { ExpressionField } from '../../monaco/expression-field'
import { useExpressionCollaboration } from '../../monaco/expression-collaboration'
import { RuleBuilder } from './rule-builder'
import type { RuleField } from './rule-fields'

interface ConditionFieldProps {
  label: string
  value: string | undefined
  /** Where the condition is in the workflow, so everyone on the live connection edits one text. */
  field: ExpressionFieldRef
  fields: RuleField[]
  onCommit: (value: string | undefined) => void
}

/**
 * A condition, built as a rule when its text is one, with the JSONata editor as "Advanced" on the
 * same text. Which one shows changes only when the person switches, so typing JSONata that
 * happens to become a rule halfway never swaps the editor away under their cursor.
 */
export function ConditionField({ label, value, field, fields, onCommit }: ConditionFieldProps) {
  const readOnly = useReadOnly()
  const collaboration = useExpressionCollaboration()
  const isRule = jsonataToRule(value).ok
  const [advanced, setAdvanced] = useState(!isRule)
  const showCode = advanced || !isRule

  /** The builder's writes take the same path as typing, so live collaboration keeps working. */
  const write = (text: string | undefined) => {
    const shared = collaboration?.expressions.textOf(field)
    if (!collaboration || !shared) return onCommit(text)
    collaboration.expressions.type(field, shared, (current) => replaceText(current, text ?? ''))
  }

  return (
    <div className="condition">
      {showCode ? (
        <ExpressionField
          label={label}
          hint={
            isRule
              ? 'JSONata over the instance data; branches are tried in order'
              : 'JSONata over the instance data. This condition is code the rule builder cannot show.'
          }
          value={value}
          fields={fields.map((entry) => entry.path.join('.'))}
          field={field}
          onCommit={onCommit}
        />
      ) : (
        <RuleBuilder label={label} value={value} fields={fields} readOnly={readOnly} write={write} />
      )}
      <button
        type="button"
        aria-label={`Advanced: ${label}`}
        aria-pressed={showCode}
        disabled={!isRule}
        title={isRule ? undefined : 'The condition is code the rule builder cannot show'}
        onClick={() => setAdvanced(!showCode)}
      >
        Advanced
      </button>
    </div>
  )
}
