import { placeholderText, valueAtPath } from '@conveyor/shared'
import type { CallSecrets } from './call-secrets'
import { StepError } from './step-error'

const anyPlaceholder = /\{\{\s*([^{}]*?)\s*\}\}/g

/**
 * The address an http step calls, its placeholders filled in one pass: `{{secret:NAME}}` with the
 * secret as written, `{{path}}` with the item's value there, URL-encoded so that it stays one path
 * segment or query value whatever it holds. One pass, so that a value from the data is never read
 * as a placeholder itself.
 */
export function addressToCall(written: string, data: Record<string, unknown>, secrets: CallSecrets): string {
  return written.replace(anyPlaceholder, (placeholder, inside: string) => {
    if (inside.startsWith('secret:')) return secrets.fill(placeholder)
    const value = valueAtPath(data, inside)
    if (value === undefined || value === null) {
      throw new StepError(`the address's placeholder ${placeholder} has no value in this item's data`, false)
    }
    return encodeURIComponent(placeholderText(value))
  })
}
