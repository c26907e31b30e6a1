import { useId, useState } from 'react'

interface ConfirmButtonProps {
  /** The button's accessible name, e.g. "Delete Invoice intake". */
  label: string
  /** Visible text of the button (defaults to the label). */
  text?: string
  /** The question asked before acting. */
  question: string
  confirmText: string
  onConfirm: () => void
}

/** A destructive action that asks first, in the page rather than in a browser prompt. */
export function ConfirmButton({ label, text, question, confirmText, onConfirm }: ConfirmButtonProps) {
  const [asking, setAsking] = useState(false)
  const questionId = useId()
  if (!asking) {
    return (
      <button type="button" aria-label={label} onClick={() => setAsking(true)}>
        {text ?? label}
      </button>
    )
  }
  return (
    <span role="alertdialog" aria-labelledby={questionId} className="confirm">
      <span id={questionId}>{question}</span>{' '}
      <button
        type="button"
        className="danger"
        onClick={() => {
          setAsking(false)
          onConfirm()
        }}
      >
        {confirmText}
      </button>{' '}
      <button type="button" autoFocus onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  )
}
