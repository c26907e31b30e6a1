import { callsOutside, type AssistantTask, type AugmentConfig, type StepMode } from '@conveyor/shared'
import { useId, useMemo } from 'react'
import { AutonomyEditor } from './autonomy-editor'
import { FallbackEditor } from './fallback-editor'
import { modePresentation, stepModes } from './step-modes'
import { newAugmentConfig, withOutputField } from '../../doc/assistant-output'
import { fieldKeysOf } from '../../doc/field-keys'
import { ExpressionField } from '../../monaco/expression-field'
import { FactsEditor, SlaEditor } from '../../inspector/common-editors'
import { assistantReadsTexts, caseFieldsTexts, FieldsPicker } from '../../inspector/fields-picker'
import { ConnectorEditor } from '../../inspector/connector-editor'
import { Section, SelectField, TextField } from '../../inspector/fields'
import { FormFieldsEditor } from '../../inspector/form-fields-editor'
import type { KindFormProps } from '../../inspector/kind-form-props'

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
  config,
  takenKeys,
  onChange,
}: {
  config: AugmentConfig
  takenKeys: readonly string[]
  onChange: (config: AugmentConfig) => void
}) {
  const { assistant: current, form } = config
  const setTask = (assistant: AssistantTask) => onChange({ ...config, assistant })
  // The classes are what the output field may hold: a choice field offers exactly them.
  const setLabels = (labels: string[] | undefined) =>
    onChange({
      ...config,
      assistant: { ...current, labels },
      form: {
        fields: form.fields.map((field) =>
          field.id === current.field && field.type === 'select' && labels
            ? { ...field, options: labels }
            : field,
        ),
      },
    })
  return (
    <Section title="Assistant’s task">
      <SelectField
        label="The assistant produces"
        value={current.produces}
        options={producesOptions}
        onChange={(produces) => produces && onChange(withOutputField(config, produces, takenKeys))}
      />
      <TextField
        label="Instructions"
        multiline
        required
        value={current.instructions}
        onCommit={(instructions) => instructions && setTask({ ...current, instructions })}
      />
      {current.produces === 'draft' ? (
        <TextField
          label="Draft template"
          hint="{{path}} is replaced by the instance data at that path"
          multiline
          value={current.template}
          onCommit={(template) => setTask({ ...current, template })}
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
            setLabels(labels.length > 0 ? labels : undefined)
          }}
        />
      )}
      <SelectField
        label="Suggestion fills the form field"
        value={current.field}
        options={form.fields.map((field) => ({ value: field.id, label: field.label }))}
        emptyLabel="Choose a field"
        onChange={(field) => field && setTask({ ...current, field })}
      />
    </Section>
  )
}

export function StepForm({ node, document, update, apply, dataFields }: KindFormProps<'step'>) {
  const { data } = node
  const takenKeys = useMemo(() => fieldKeysOf(document), [document])
  const augment = data.augment ?? newAugmentConfig(takenKeys)
  return (
    <>
      <ModePicker mode={data.mode} onChange={(mode) => apply({ type: 'setStepMode', id: node.id, mode })} />
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
            config={augment}
            takenKeys={takenKeys}
            onChange={(next) => update({ augment: next })}
          />
          <FieldsPicker
            texts={assistantReadsTexts(augment.assistant.produces)}
            document={document}
            nodeId={node.id}
            value={augment.assistant.sees}
            onChange={(sees) =>
              update({ augment: { ...augment, assistant: { ...augment.assistant, sees } } })
            }
          />
          <FormFieldsEditor
            title="Form the person completes"
            form={augment.form}
            at={{ nodeId: node.id, path: ['augment', 'form'] }}
            takenKeys={takenKeys}
            onChange={(form) => update({ augment: { ...augment, form } })}
          />
          <AutonomyEditor
            value={augment.autonomy}
            lanes={document.lanes}
            onChange={(autonomy) => {
              const next = { ...augment, autonomy }
              if (!autonomy) delete next.autonomy
              update({ augment: next })
            }}
          />
        </>
      ) : null}
      {data.mode === 'human' ? (
        <FormFieldsEditor
          title="Form the person completes"
          form={data.human?.form}
          at={{ nodeId: node.id, path: ['human', 'form'] }}
          takenKeys={takenKeys}
          onChange={(form) => update({ human: { form } })}
        />
      ) : null}
      {data.mode === 'automate' ? null : (
        <FieldsPicker
          texts={caseFieldsTexts}
          document={document}
          nodeId={node.id}
          value={data.caseFields}
          onChange={(caseFields) => update({ caseFields })}
        />
      )}
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
      {callsOutside(data) ? (
        <FallbackEditor
          value={data.fallback}
          lanes={document.lanes}
          onChange={(fallback) => update({ fallback })}
        />
      ) : null}
      <SlaEditor value={data.sla} lanes={document.lanes} onChange={(sla) => update({ sla })} />
      <FactsEditor value={data.facts} onChange={(facts) => update({ facts })} />
    </>
  )
}
