import type { FormField } from '../../model/form'
import { resultKeysOf } from './result-shape'
import { callsOutside, type FallbackManifest } from './fallback'
import type { StepData } from './schema'

/** What the runner needs to hand the step over to people, or undefined for steps that call nothing outside. */
export function fallbackManifest(data: StepData): FallbackManifest | undefined {
  if (!callsOutside(data)) return undefined
  const lane = data.fallback?.lane ?? data.lane
  const form = data.fallback?.form ?? (data.mode === 'augment' ? data.augment?.form : undefined)
  return { ...(lane !== undefined ? { lane } : {}), form: form ?? { fields: resultFields(data) } }
}

/** One text field per field the step's result is known to hold (none when its shape is open). */
function resultFields(data: StepData): FormField[] {
  const keys = resultKeysOf(data) ?? []
  return keys.map((id) => ({ id, label: id, type: 'text', required: false }))
}
