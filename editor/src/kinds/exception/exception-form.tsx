import { ExceptionOn } from '@conveyor/shared'
import { Section, SelectField } from '../../inspector/fields'
import type { KindFormProps } from '../../inspector/kind-form-props'

const onLabels = {
  error: 'The step fails (retries used up)',
  timeout: 'The step is late or times out',
  rejection: 'A person rejects the step',
}
const handlingOptions = [
  { value: 'manual-fallback', label: 'Someone does it by hand' },
  { value: 'escalation', label: 'Escalate' },
  { value: 'compensation', label: 'Undo what was done' },
  { value: 'notify', label: 'Notify' },
] as const

export function ExceptionForm({ node, document, update }: KindFormProps<'exception'>) {
  const steps = document.nodes.filter((entry) => entry.type === 'step')
  return (
    <Section title="Exception">
      <SelectField
        label="Attached to step"
        value={node.data.attachedTo || undefined}
        emptyLabel="Choose a step"
        options={steps.map((step) => ({ value: step.id, label: step.data.label }))}
        onChange={(attachedTo) => attachedTo && update({ attachedTo })}
      />
      <SelectField
        label="Taken when"
        value={node.data.on}
        options={ExceptionOn.options.map((value) => ({ value, label: onLabels[value] }))}
        onChange={(on) => on && update({ on })}
      />
      <SelectField
        label="Handling"
        value={node.data.handling}
        emptyLabel="—"
        options={handlingOptions}
        onChange={(handling) => update({ handling })}
      />
    </Section>
  )
}
