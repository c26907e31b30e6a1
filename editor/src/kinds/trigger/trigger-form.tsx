import type { TriggerStart } from '@conveyor/shared'
import { fieldKeysOf } from '../../doc/field-keys'
import { Section, SelectField, TextField } from '../../inspector/fields'
import { FormFieldsEditor } from '../../inspector/form-fields-editor'
import type { KindFormProps } from '../../inspector/kind-form-props'

const startOptions = [
  { value: 'manual', label: 'By hand (someone starts it)' },
  { value: 'webhook', label: 'Webhook (another system calls in)' },
  { value: 'schedule', label: 'On a schedule' },
  { value: 'event', label: 'On an event' },
] as const

function startOf(kind: TriggerStart['kind'], previous: TriggerStart): TriggerStart {
  if (kind === previous.kind) return previous
  if (kind === 'schedule') return { kind, cron: '0 9 * * 1-5' }
  if (kind === 'event') return { kind, event: 'event-name' }
  return { kind }
}

export function TriggerForm({ node, document, update }: KindFormProps<'trigger'>) {
  const { start } = node.data
  return (
    <>
      <Section title="How it starts">
        <SelectField
          label="Starts"
          value={start.kind}
          options={startOptions}
          onChange={(kind) => kind && update({ start: startOf(kind, start) })}
        />
        {start.kind === 'schedule' ? (
          <>
            <TextField
              label="Schedule (cron)"
              hint="Like 0 9 * * 1-5: 9:00 on weekdays"
              value={start.cron}
              required
              onCommit={(cron) => cron && update({ start: { ...start, cron } })}
            />
            <TextField
              label="Time zone"
              placeholder="UTC"
              value={start.timezone}
              onCommit={(timezone) =>
                update({ start: { kind: 'schedule', cron: start.cron, ...(timezone ? { timezone } : {}) } })
              }
            />
          </>
        ) : null}
        {start.kind === 'event' ? (
          <TextField
            label="Event name"
            value={start.event}
            required
            onCommit={(event) => event && update({ start: { kind: 'event', event } })}
          />
        ) : null}
      </Section>
      <FormFieldsEditor
        title="Input fields"
        form={node.data.input}
        at={{ nodeId: node.id, path: ['input'] }}
        takenKeys={fieldKeysOf(document)}
        onChange={(input) => update({ input })}
      />
    </>
  )
}
