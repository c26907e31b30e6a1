import {
  expressionKey,
  expressionTextsMap,
  replaceText,
  type ExpressionFieldRef,
} from '@conveyor/shared/ydoc/expression-texts'
import { useEffect, useRef } from 'react'
import type * as Y from 'yjs'
import { useSharedTexts } from '../monaco/expression-collaboration'
import type { SharedExpressions } from '../monaco/shared-expressions'
import { Field, TextField } from './fields'
import { bindInputToText, type TextInput } from './text-binding'

interface SharedTextFieldProps {
  label: string
  value: string | undefined
  /** Where the text is in the workflow. */
  field: ExpressionFieldRef
  /** How the value is changed where the texts are not shared (a viewer's page, tests of a form). */
  onCommit: (value: string | undefined) => void
  /** A name: left empty, it gets back the value it had when the person came in. */
  required?: boolean
  multiline?: boolean
  hint?: string
}

/**
 * A text field that people edit together: every keystroke goes into the field's shared text, so
 * two people typing in one name both keep their characters, and Ctrl+Z in it takes back only this
 * person's typing in this field. Where the texts are not shared it is a plain `TextField`.
 */
export function SharedTextField(props: SharedTextFieldProps) {
  const texts = useSharedTexts()
  if (!texts) return <TextField {...props} />
  return <BoundTextField {...props} texts={texts} />
}

function BoundTextField({
  label,
  field,
  required,
  multiline,
  hint,
  texts,
}: SharedTextFieldProps & { texts: SharedExpressions }) {
  const input = useRef<(HTMLInputElement & HTMLTextAreaElement) | null>(null)
  const valueOnEntry = useRef('')
  const key = expressionKey(field)
  // Bound again only when the field's key changes: a new array of the same path is the same field.
  const fieldOfKey = useRef(field)
  fieldOfKey.current = field
  useEffect(() => bindSharedInput(texts, input.current!, fieldOfKey.current), [texts, key])
  const type = (value: string) => {
    const text = texts.textOf(field)
    if (text) texts.type(field, text, (target) => replaceText(target, value))
  }
  const onBlur = () => {
    if (required && input.current!.value.trim() === '' && valueOnEntry.current.trim() !== '')
      type(valueOnEntry.current)
  }
  const common = {
    ref: input,
    onFocus: () => (valueOnEntry.current = input.current!.value),
    onBlur,
  }
  return (
    <Field label={label} hint={hint}>
      {(id) =>
        multiline ? (
          <textarea id={id} rows={3} {...common} />
        ) : (
          <input id={id} required={required} {...common} />
        )
      }
    </Field>
  )
}

/**
 * Keeps `input` bound to the field's text: to the one that stays when two people open the field
 * for the first time at once and each makes one. Returns the function that unbinds.
 */
function bindSharedInput(texts: SharedExpressions, input: TextInput, field: ExpressionFieldRef): () => void {
  const map = expressionTextsMap(texts.store.y.ydoc)
  const key = expressionKey(field)
  let bound: { text: Y.Text; unbind: () => void } | null = null
  const bind = () => {
    bound?.unbind()
    bound = null
    const text = texts.textOf(field)
    if (!text) return
    const { undoManager, release } = texts.store.fieldUndo(text)
    const unbind = bindInputToText(input, text, {
      type: (edit) => texts.type(field, text, edit),
      undoManager,
    })
    bound = {
      text,
      unbind: () => {
        unbind()
        release()
      },
    }
  }
  const onTexts = (event: Y.YMapEvent<Y.Text>) => {
    if (event.keysChanged.has(key) && map.get(key) !== bound?.text) bind()
  }
  bind()
  map.observe(onTexts)
  return () => {
    map.unobserve(onTexts)
    bound?.unbind()
  }
}
