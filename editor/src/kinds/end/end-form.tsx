import { Outcome } from '@conveyor/shared'
import { Section, SelectField } from '../../inspector/fields'
import type { KindFormProps } from '../../inspector/kind-form-props'

export function EndForm({ node, update }: KindFormProps<'end'>) {
  return (
    <Section title="Outcome">
      <SelectField
        label="The instance ends as"
        value={node.data.outcome}
        options={Outcome.options.map((value) => ({ value, label: value }))}
        onChange={(outcome) => outcome && update({ outcome })}
      />
    </Section>
  )
}
