import type { AssistantTask, StepMode } from '@conveyor/shared'
import { useId } from 'react'
import { modePresentation, stepModes } from '../canvas/presentation'
import { ExpressionField } from '../monaco/expression-field'
import { FactsEditor, SlaEditor } from './common-editors'
import { ConnectorEditor } from './connector-editor'
import { Section, SelectField, TextField } from './fields'
import { FormFieldsEditor } from './form-fields-editor'
import type { KindFormProps } from './kind-form-props'

function ModePicker({ mode, onChange }: { mode: StepMode; onChange: (mode: StepMode) => void }) {
  const name = useId()
  return (
    <fieldset className="mode-picker">
      <legend>Mode</legend>
      {stepModes.map((option) => (
        <label key={option} className={`mode-picker__option mode--${option}`}>
          <input
            type="radio"
            name={name}
            value={option}
            checked={mode === option}
            onChange={() => onChange(option)}
          />
          <span aria-hidden="true">{modePresentation[option].icon}</span> {modePresentation[option].label}
          <span className="muted"> — {modePresentation[option].hint}</span>
        </label>
      ))}
    </fieldset>
  )
}

const producesOptions = [
  { value: 'draft', label: 'A draft text' },
  { value: 'classification', label: 'A classification' },
  { value: 'recommendation', label: 'A recommendation' },
] as const

function AssistantEditor({
  task,
  fieldIds,
  onChange,
}: {
  task: AssistantTask | undefined
  fieldIds: string[]
  onChange: (task: AssistantTask) => void
}) {
  const current: AssistantTask = task ?? {
    produces: 'draft',
    instructions: 'Describe what the assistant should do',
    field: fieldIds[0] ?? 'draft',
  }
  return (
    <Section title="Assistant’s task">
      <SelectField
        label="The assistant produces"
        value={current.produces}
        options={producesOptions}
        onChange={(produces) => produces && onChange({ ...current, produces })}
      />
      <TextField
        label="Instructions"
        multiline
        required
        value={task?.instructions}
        onCommit={(instructions) => instructions && onChange({ ...current, instructions })}
      />
      {current.produces === 'draft' ? (
        <TextField
          label="Draft template"
          hint="{{path}} is replaced by the instance data at that path"
          multiline
          value={current.template}
          onCommit={(template) => onChange({ ...current, template })}
        />
      ) : (
        <TextField
          label={current.produces === 'classification' ? 'Classes' : 'Options'}
          hint="Separate with commas"
          value={current.labels?.join(', ')}
          onCommit={(text) => {
            const labels =
              text
                ?.split(',')
                .map((entry) => entry.trim())
                .filter(Boolean) ?? []
            onChange({ ...current, labels: labels.length > 0 ? labels : undefined })
          }}
        />
      )}
      <SelectField
        label="Suggestion fills the form field"
        value={current.field}
        options={fieldIds.map((id) => ({ value: id, label: id }))}
        emptyLabel="Choose a field"
        onChange={(field) => field && onChange({ ...current, field })}
      />
    </Section>
  )
}

export function StepForm({ node, document, update, dataFields }: KindFormProps<'step'>) {
  const { data } = node
  const augmentForm = data.augment?.form ?? { fields: [] }
  return (
    <>
      <ModePicker mode={data.mode} onChange={(mode) => update({ mode })} />
      {data.mode === 'automate' ? (
        <ConnectorEditor
          nodeId={node.id}
          value={data.automate}
          dataFields={dataFields}
          onChange={(automate) => update({ automate })}
        />
      ) : null}
      {data.mode === 'augment' ? (
        <>
          <AssistantEditor
            task={data.augment?.assistant}
            fieldIds={augmentForm.fields.map((field) => field.id)}
            onChange={(assistant) => update({ augment: { form: augmentForm, assistant } })}
          />
          <FormFieldsEditor
            title="Form the person completes"
            form={augmentForm}
            onChange={(form) =>
              update({
                augment: {
                  form,
                  assistant: data.augment?.assistant ?? {
                    produces: 'draft',
                    instructions: 'Describe what the assistant should do',
                    field: form.fields[0]?.id ?? 'draft',
                  },
                },
              })
            }
          />
        </>
      ) : null}
      {data.mode === 'human' ? (
        <FormFieldsEditor
          title="Form the person completes"
          form={data.human?.form}
          onChange={(form) => update({ human: { form } })}
        />
      ) : null}
      <Section title="Result">
        <TextField
          label="Save the result as"
          hint="A field name in the instance data; empty merges an object result in"
          value={data.saveAs}
          onCommit={(saveAs) => update({ saveAs })}
        />
        <ExpressionField
          label="Reshape the result"
          hint="JSONata over { data, result }"
          value={data.output}
          fields={['result', ...dataFields.map((field) => `data.${field}`)]}
          field={{ nodeId: node.id, path: ['output'] }}
          onCommit={(output) => update({ output })}
        />
      </Section>
      <SlaEditor value={data.sla} lanes={document.lanes} onChange={(sla) => update({ sla })} />
      <FactsEditor value={data.facts} onChange={(facts) => update({ facts })} />
    </>
  )
}
