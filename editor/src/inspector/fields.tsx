import { useEffect, useId, useRef, useState, type ReactNode } from 'react'

/**
 * A text value edited locally and committed when the person pauses, leaves the field or presses
 * Enter, so one edit is one change (one undo step), not one per keystroke.
 */
export function useDraft(value: string, commit: (next: string) => void | false, delayMs = 500) {
  const [draft, setDraft] = useState(value)
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined)
  const latest = useRef({ draft, value, commit })
  latest.current = { draft, value, commit }
  useEffect(() => setDraft(value), [value])
  /** Commits the draft; a refused draft (commit returns false) reverts when the person is done. */
  const flush = (revertRefused = true) => {
    clearTimeout(timer.current)
    const { draft: current, value: committed, commit: apply } = latest.current
    if (current !== committed && apply(current) === false && revertRefused) setDraft(committed)
  }
  useEffect(() => () => flush(false), [])
  const change = (next: string) => {
    setDraft(next)
    clearTimeout(timer.current)
    timer.current = setTimeout(() => flush(false), delayMs)
  }
  return { draft, change, flush: () => flush() }
}

interface FieldProps {
  label: string
  hint?: string
  children: (id: string) => ReactNode
}

export function Field({ label, hint, children }: FieldProps) {
  const id = useId()
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(id)}
      {hint ? <p className="field__hint">{hint}</p> : null}
    </div>
  )
}

interface TextFieldProps {
  label: string
  value: string | undefined
  onCommit: (value: string | undefined) => void
  hint?: string
  multiline?: boolean
  placeholder?: string
  required?: boolean
}

/** Empty text commits `undefined` (the field is removed) unless the field is required. */
export function TextField({
  label,
  value,
  onCommit,
  hint,
  multiline,
  placeholder,
  required,
}: TextFieldProps) {
  const { draft, change, flush } = useDraft(value ?? '', (next) => {
    if (required && next.trim() === '') return false
    onCommit(next === '' ? undefined : next)
  })
  return (
    <Field label={label} hint={hint}>
      {(id) =>
        multiline ? (
          <textarea
            id={id}
            value={draft}
            placeholder={placeholder}
            rows={3}
            onChange={(event) => change(event.target.value)}
            onBlur={flush}
          />
        ) : (
          <input
            id={id}
            value={draft}
            placeholder={placeholder}
            required={required}
            onChange={(event) => change(event.target.value)}
            onBlur={flush}
            onKeyDown={(event) => event.key === 'Enter' && flush()}
          />
        )
      }
    </Field>
  )
}

interface NumberFieldProps {
  label: string
  value: number | undefined
  onCommit: (value: number | undefined) => void
  min?: number
  max?: number
  step?: number
  hint?: string
  placeholder?: string
}

export function NumberField({ label, value, onCommit, min, max, step, hint, placeholder }: NumberFieldProps) {
  const { draft, change, flush } = useDraft(value === undefined ? '' : String(value), (next) => {
    const number = Number(next)
    onCommit(next.trim() === '' || !Number.isFinite(number) ? undefined : number)
  })
  return (
    <Field label={label} hint={hint}>
      {(id) => (
        <input
          id={id}
          type="number"
          inputMode="decimal"
          value={draft}
          min={min}
          max={max}
          step={step ?? 'any'}
          placeholder={placeholder}
          onChange={(event) => change(event.target.value)}
          onBlur={flush}
          onKeyDown={(event) => event.key === 'Enter' && flush()}
        />
      )}
    </Field>
  )
}

interface SelectFieldProps<T extends string> {
  label: string
  value: T | undefined
  options: ReadonlyArray<{ value: T; label: string }>
  onChange: (value: T | undefined) => void
  /** Offer "none" as the first choice. */
  emptyLabel?: string
  hint?: string
}

export function SelectField<T extends string>({
  label,
  value,
  options,
  onChange,
  emptyLabel,
  hint,
}: SelectFieldProps<T>) {
  return (
    <Field label={label} hint={hint}>
      {(id) => (
        <select
          id={id}
          value={value ?? ''}
          onChange={(event) => onChange((event.target.value || undefined) as T | undefined)}
        >
          {emptyLabel !== undefined ? <option value="">{emptyLabel}</option> : null}
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  )
}

export function CheckboxField({
  label,
  checked,
  onChange,
}: {
  label: string
  checked: boolean
  onChange: (checked: boolean) => void
}) {
  const id = useId()
  return (
    <div className="field field--checkbox">
      <input id={id} type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} />
      <label htmlFor={id}>{label}</label>
    </div>
  )
}

export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="inspector__section" aria-label={title}>
      <h3>{title}</h3>
      {children}
    </section>
  )
}
