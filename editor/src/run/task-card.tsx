import type { Task, Verdict } from '@conveyor/shared/protocol/api'
import { useState, type FormEvent } from 'react'
import { ApiError } from '../api/api-error'
import { api } from '../api/client'
import { ProblemList } from '../api/problem-list'
import { ConfirmButton } from '../gallery/confirm-button'
import { CaseSummary } from './case-summary'
import { FormField } from './form-field'
import { formatTime, personName } from './format'
import { errorsByField, formData, initialFormState, type FormState } from './form-values'
import { SuggestionPanel } from './suggestion-panel'

interface TaskCardProps {
  task: Task
  /** Called with the task as the server has it after a claim, completion or rejection. */
  onChanged: (task: Task) => void
  /** Viewers read the task but may not work on it (the runtime refuses them). */
  lookOnly?: boolean
}

const isOpen = (task: Task) => task.status === 'open' || task.status === 'claimed'

/**
 * Which workflow and lane a task belongs to, by name. Tasks made before names were kept with them
 * have only ids, which are shown rather than nothing.
 */
export function aboutTask(task: Task): string {
  const workflow = task.workflowName ?? task.workflowId
  const escalated = task.escalatedTo && `escalated to ${task.escalatedToName ?? task.escalatedTo}`
  const lane = escalated || (task.lane && (task.laneName ?? task.lane))
  return lane ? `${workflow} · ${lane}` : workflow
}

/** One task: what it is about, its form, the assistant's suggestion, and claim/complete/reject. */
export function TaskCard({ task, onChanged, lookOnly = false }: TaskCardProps) {
  const fields = task.form.fields
  const suggestion = task.suggestion
  const [values, setValues] = useState<FormState>(() => initialFormState(fields, task.prefill))
  const [verdict, setVerdict] = useState<Verdict>('accept')
  const suggestedBranch = typeof task.prefill.branch === 'string' ? task.prefill.branch : undefined
  const [branch, setBranch] = useState(suggestedBranch ?? task.branches?.[0]?.id ?? '')
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<{ title: string; error: unknown }>()

  const fieldErrors =
    failure?.error instanceof ApiError
      ? errorsByField(
          failure.error.fieldErrors,
          fields.map((f) => f.id),
        )
      : {}

  async function send(title: string, change: () => Promise<Task>) {
    setBusy(true)
    setFailure(undefined)
    try {
      onChanged(await change())
    } catch (error) {
      setFailure({ title, error })
    } finally {
      setBusy(false)
    }
  }

  const chooseVerdict = (next: Verdict) => {
    setVerdict(next)
    if (!suggestion) return
    if (task.kind === 'decision') {
      if (next === 'accept' && suggestedBranch) setBranch(suggestedBranch)
      return
    }
    const suggested =
      initialFormState(fields, { [suggestion.field]: suggestion.value })[suggestion.field] ?? ''
    const cleared = typeof suggested === 'boolean' ? false : ''
    setValues((current) => ({ ...current, [suggestion.field]: next === 'override' ? cleared : suggested }))
  }

  const complete = (event: FormEvent) => {
    event.preventDefault()
    send('The task was not completed', () =>
      api.completeTask(task.id, {
        data: formData(fields, values),
        ...(task.kind === 'decision' ? { branch } : {}),
        ...(suggestion ? { verdict } : {}),
      }),
    )
  }

  const suggestedField = suggestion && fields.find((field) => field.id === suggestion.field)
  // A decision's suggestion is one of its branches; a step's fills one of its form fields.
  const suggestionTarget =
    task.kind === 'decision'
      ? {
          label: task.question ?? 'the way to go',
          value: task.branches?.find((b) => b.id === suggestedBranch)?.label,
        }
      : suggestedField && { label: suggestedField.label, value: undefined }
  return (
    <article className="task-card" aria-labelledby={`task-${task.id}-title`}>
      <h2 id={`task-${task.id}-title`}>{task.label}</h2>
      <p className="muted">
        {aboutTask(task)}
        {task.dueAt && ` · due ${formatTime(task.dueAt)}`}
        {' · '}
        <span>{task.assignee ? `${task.status} by ${personName(task.assignee)}` : task.status}</span>
      </p>
      <CaseSummary fields={task.case ?? []} />
      {failure && <ProblemList title={failure.title} error={failure.error} />}
      {task.fallback && (
        <p role="note">
          Done by hand while this step is switched to manual ({task.fallback.reason}): what you enter is its
          result.
        </p>
      )}
      {task.assistantError && (
        <p role="note">
          The assistant could not make a suggestion ({task.assistantError}); please fill the form in.
        </p>
      )}
      {isOpen(task) && lookOnly && <p role="note">Working on tasks needs the editor role.</p>}
      {isOpen(task) && !lookOnly && (
        <div className="task-actions">
          {task.status === 'open' && (
            <button
              type="button"
              disabled={busy}
              onClick={() => send('The task was not claimed', () => api.claimTask(task.id))}
            >
              Claim
            </button>
          )}{' '}
          <ConfirmButton
            label="Reject task"
            question="Reject this task? The step leaves through its rejection path."
            confirmText="Reject"
            onConfirm={() => send('The task was not rejected', () => api.rejectTask(task.id))}
          />
        </div>
      )}
      {suggestion && suggestionTarget && isOpen(task) && (
        <SuggestionPanel
          suggestion={suggestion}
          fieldLabel={suggestionTarget.label}
          valueText={suggestionTarget.value}
          offered={task.kind === 'decision' ? ['accept', 'override'] : undefined}
          verdict={verdict}
          onVerdict={chooseVerdict}
        />
      )}
      {isOpen(task) ? (
        <form aria-label={`Form for ${task.label}`} onSubmit={complete} noValidate>
          <fieldset disabled={lookOnly} className="task-form-fields">
            {task.kind === 'decision' && task.branches && (
              <fieldset>
                <legend>{task.question ?? 'Which way does it go?'}</legend>
                {task.branches.map((option) => (
                  <label key={option.id} className="branch">
                    <input
                      type="radio"
                      name="branch"
                      value={option.id}
                      checked={branch === option.id}
                      onChange={() => {
                        setBranch(option.id)
                        if (suggestion) setVerdict(option.id === suggestedBranch ? 'accept' : 'override')
                      }}
                    />{' '}
                    {option.label}
                  </label>
                ))}
              </fieldset>
            )}
            {fields.map((field) => (
              <FormField
                key={field.id}
                field={field}
                value={values[field.id] ?? ''}
                error={fieldErrors[field.id]}
                readOnly={suggestion?.field === field.id && verdict === 'accept'}
                onChange={(value) => setValues((current) => ({ ...current, [field.id]: value }))}
              />
            ))}
            {!lookOnly && (
              <button type="submit" disabled={busy}>
                Complete task
              </button>
            )}
          </fieldset>
        </form>
      ) : (
        <p role="status">
          This task is {task.status}
          {task.completedBy && ` by ${personName(task.completedBy)}`}
          {task.verdict && ` (suggestion: ${task.verdict})`}.
        </p>
      )}
    </article>
  )
}
