import type { WorkflowDocument } from '@conveyor/shared'
import { examples } from '@conveyor/examples'

/** A bundled example (the app's templates), copied so a test cannot change another's. */
export function exampleDocument(slug: string): WorkflowDocument {
  const example = examples.find((entry) => entry.slug === slug)
  if (!example)
    throw new Error(`No example "${slug}"; there are ${examples.map((entry) => entry.slug).join(', ')}`)
  return structuredClone(example.document)
}
