import { useId, useState } from 'react'

/** An automated step's result, typed as JSON by the person simulating (optional). */
export function AutomatedResult({
  stepLabel,
  onDone,
}: {
  stepLabel: string
  onDone: (result: unknown) => void
}) {
  const id = useId()
  const [text, setText] = useState('')
  const [problem, setProblem] = useState<string>()
  const finish = () => {
    if (text.trim() === '') return onDone(undefined)
    try {
      onDone(JSON.parse(text))
    } catch (error) {
      setProblem(`Not JSON: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
  return (
    <div className="field">
      <label htmlFor={id}>Result of {stepLabel} (JSON, optional)</label>
      <textarea
        id={id}
        rows={2}
        spellCheck={false}
        value={text}
        placeholder='{ "approved": true }'
        aria-invalid={problem ? true : undefined}
        onChange={(event) => {
          setText(event.target.value)
          setProblem(undefined)
        }}
      />
      {problem ? <p className="field__error">{problem}</p> : null}
      <button type="button" onClick={finish}>
        Succeeds
      </button>
    </div>
  )
}
