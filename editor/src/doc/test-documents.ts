import { readFileSync } from 'node:fs'
import type { WorkflowDocument } from '@conveyor/shared'

/** The bundled examples, read as files so the tests use exactly what ships. */
export function exampleDocument(slug: 'order-to-cash' | 'ticket-to-resolution'): WorkflowDocument {
  const url = new URL(`../../../examples/${slug}/workflow.json`, import.meta.url)
  return JSON.parse(readFileSync(url, 'utf8')) as WorkflowDocument
}
