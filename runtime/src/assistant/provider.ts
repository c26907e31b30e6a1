import { dataPlaceholder, placeholderText, valueAtPath } from '@conveyor/shared'
import type { Suggestion } from '../service/types'

export interface SuggestionRequest {
  workflowId: string
  nodeId: string
  produces: 'draft' | 'classification' | 'recommendation'
  instructions: string
  /** Draft template with `{{path}}` placeholders. */
  template?: string
  /** The classes or options to choose from. */
  labels?: string[]
  field: string
  data: Record<string, unknown>
}

export interface AssistantProvider {
  readonly name: string
  /** True when it calls out of the process (the engine then waits for the outbox commit first). */
  readonly external: boolean
  suggest(request: SuggestionRequest): Promise<Suggestion>
  /**
   * What people decided, so providers that learn can learn. Called while the verdict's
   * transaction is open; what is learnt must take effect only once that commits.
   */
  learn(request: SuggestionRequest, chosen: string): void
  /** Drops what was learnt for a deleted workflow's steps (its stored models go in the same batch). */
  forget?(workflowId: string): void
}

/** Fills `{{path.to.value}}` placeholders from the data; unknown paths become empty. */
export function renderTemplate(template: string, data: Record<string, unknown>): string {
  return template.replace(dataPlaceholder, (_, path: string) => {
    const value = valueAtPath(data, path)
    return value === undefined || value === null ? '' : placeholderText(value)
  })
}
