import { commentLimits } from '@conveyor/shared'
import { useId, useState, type FormEvent } from 'react'

interface CommentFormProps {
  label: string
  submitLabel: string
  /** Throws with a message for the person when the text is refused. */
  onSubmit: (text: string) => void
}

/** A text box and a button; clears itself once the text is taken, shows why when it is not. */
export function CommentForm({ label, submitLabel, onSubmit }: CommentFormProps) {
  const id = useId()
  const [text, setText] = useState('')
  const [error, setError] = useState<string | null>(null)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    try {
      onSubmit(text)
      setText('')
      setError(null)
    } catch (refusal) {
      setError(refusal instanceof Error ? refusal.message : String(refusal))
    }
  }
  return (
    <form className="comment-form field" onSubmit={submit}>
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        value={text}
        maxLength={commentLimits.text}
        rows={2}
        onChange={(event) => setText(event.target.value)}
      />
      {error ? (
        <p className="field__error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" disabled={text.trim() === ''}>
        {submitLabel}
      </button>
    </form>
  )
}
