import type { InstanceSummary, TaskFormField } from '@conveyor/shared/protocol/api'
import type { WorkflowDocument } from '@conveyor/shared'
import { useState, type FormEvent } from 'react'
import { ApiError } from '../api/api-error'
import { api } from '../api/client'
import { ProblemList } from '../api/problem-list'
import { FormField } from './form-field'
import { errorsByField, formData, initialFormState, type FormState } from './form-values'

interface StartInstanceFormProps {
  workflowId: string
  doc: WorkflowDocument
  onStarted: (instance: InstanceSummary) => void
}

/** Starts an instance of the latest deployment, with the input its trigger asks for. */
export function StartInstanceForm({ workflowId, doc, onStarted }: StartInstanceFormProps) {
  const triggers = doc.nodes.filter((node) => node.type === 'trigger')
  const [triggerId, setTriggerId] = useState(triggers[0]?.id ?? '')
  const trigger = triggers.find((node) => node.id === triggerId) ?? triggers[0]
  const fields: TaskFormField[] = trigger?.data.input?.fields ?? []
  const [values, setValues] = useState<FormState>({})
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<unknown>()

  const fieldErrors =
    failure instanceof ApiError
      ? errorsByField(
          failure.fieldErrors,
          fields.map((field) => field.id),
        )
      : {}

  const start = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    setFailure(undefined)
    try {
      const input = formData(fields, { ...initialFormState(fields), ...values })
      const { instance } = await api.startInstance(workflowId, { trigger: trigger?.id, input })
      setValues({})
      onStarted(instance)
    } catch (error) {
      setFailure(error)
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="start-form" aria-label="Start instance" onSubmit={start} noValidate>
      {triggers.length > 1 && (
        <label>
          Trigger{' '}
          <select value={trigger?.id} onChange={(event) => setTriggerId(event.target.value)}>
            {triggers.map((node) => (
              <option key={node.id} value={node.id}>
                {node.data.label}
              </option>
            ))}
          </select>
        </label>
      )}
      {fields.map((field) => (
        <FormField
          key={`${trigger?.id}:${field.id}`}
          field={field}
          value={values[field.id] ?? initialFormState([field])[field.id] ?? ''}
          error={fieldErrors[field.id]}
          onChange={(value) => setValues((current) => ({ ...current, [field.id]: value }))}
        />
      ))}
      {failure !== undefined && <ProblemList title="The instance was not started" error={failure} />}
      <button type="submit" disabled={busy || !trigger}>
        Start instance
      </button>
    </form>
  )
}
