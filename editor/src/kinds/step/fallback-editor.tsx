import type { Lane, StepFallback } from '@conveyor/shared'
import { Section, SelectField } from '../../inspector/fields'

/**
 * Who does the step's work by hand when its outside service or assistant cannot (an outage, the
 * circuit breaker, an operator's switch). The form they fill stays as the document has it: by
 * default the step's own form, or the fields its result is known to hold.
 */
export function FallbackEditor({
  value,
  lanes,
  onChange,
}: {
  value: StepFallback | undefined
  lanes: Lane[]
  onChange: (fallback: StepFallback | undefined) => void
}) {
  return (
    <Section title="When it cannot run">
      <SelectField
        label="Done by hand by"
        hint="Their inbox gets the work while the step is switched to manual"
        value={value?.lane}
        emptyLabel="Not chosen"
        options={lanes.map((lane) => ({ value: lane.id, label: lane.name }))}
        onChange={(lane) => onChange(lane ? { ...value, lane } : undefined)}
      />
    </Section>
  )
}
