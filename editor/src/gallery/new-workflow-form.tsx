import { useState, type FormEvent } from 'react'

interface NewWorkflowFormProps {
  busy: boolean
  onCreate: (name: string) => void
}

/** Starts a blank workflow under the name people give it. */
export function NewWorkflowForm({ busy, onCreate }: NewWorkflowFormProps) {
  const [name, setName] = useState('')
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (name.trim()) onCreate(name.trim())
  }
  return (
    <form className="new-workflow" aria-label="New workflow" onSubmit={submit}>
      <label>
        Name <input value={name} required maxLength={200} onChange={(event) => setName(event.target.value)} />
      </label>{' '}
      <button type="submit" disabled={busy || !name.trim()}>
        Create blank workflow
      </button>
    </form>
  )
}
