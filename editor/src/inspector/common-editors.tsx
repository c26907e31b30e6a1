import { CurrentStateFacts, RetryPolicy, type Lane, type Sla } from '@conveyor/shared'
import { Section, SelectField, TextField } from './fields'
import { SchemaFields } from './schema-fields'

const factLabels = {
  volumePerWeek: 'Volume (items per week)',
  handlingTimeMinutes: 'Handling time (minutes per item)',
  waitTimeMinutes: 'Wait time before it (minutes)',
  errorRate: 'Error rate (0–1)',
  costPerItem: 'Cost per item',
  staff: 'Staff (people)',
}

export function FactsEditor({
  value,
  onChange,
}: {
  value: CurrentStateFacts | undefined
  onChange: (facts: CurrentStateFacts | undefined) => void
}) {
  return (
    <Section title="Current state (facts)">
      <SchemaFields
        schema={CurrentStateFacts}
        value={value}
        labels={factLabels}
        onChange={(next) => onChange(next as CurrentStateFacts | undefined)}
      />
    </Section>
  )
}

const retryLabels = {
  maxAttempts: 'Attempts at most',
  initialDelay: 'First wait before retrying',
  backoffFactor: 'Wait grows by (factor)',
  maxDelay: 'Longest wait',
}

export function RetryEditor({
  value,
  onChange,
}: {
  value: RetryPolicy | undefined
  onChange: (retry: RetryPolicy | undefined) => void
}) {
  return (
    <Section title="Retry policy">
      <SchemaFields
        schema={RetryPolicy}
        value={value}
        labels={retryLabels}
        hints={{ initialDelay: 'Like 1s, 30s, 5m' }}
        onChange={(next) => onChange(next as RetryPolicy | undefined)}
      />
    </Section>
  )
}

export function SlaEditor({
  value,
  lanes,
  onChange,
}: {
  value: Sla | undefined
  lanes: Lane[]
  onChange: (sla: Sla | undefined) => void
}) {
  return (
    <Section title="Service level">
      <TextField
        label="Done within"
        hint="Like 4h or 2d; leave empty for no SLA"
        value={value?.within}
        onCommit={(within) => onChange(within ? { ...value, within } : undefined)}
      />
      {value ? (
        <SelectField
          label="When late, escalate to"
          value={value.escalateTo}
          emptyLabel="Nobody"
          options={lanes.map((lane) => ({ value: lane.id, label: lane.name }))}
          onChange={(escalateTo) => onChange({ within: value.within, ...(escalateTo ? { escalateTo } : {}) })}
        />
      ) : null}
    </Section>
  )
}
