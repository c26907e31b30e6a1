import { Outcome } from '@conveyor/shared'
import { Section, SelectField } from './fields'
import type { KindFormProps } from './kind-form-props'

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
