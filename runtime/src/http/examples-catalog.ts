import { examples as bundledExamples, type Example } from '@conveyor/examples'
import { currentSchemaVersion, type WorkflowDocumentInput } from '@conveyor/shared'

export type { Example }

/** The example workflows offered as templates. */
export interface ExampleCatalog {
  list(): readonly Example[]
  find(slug: string): Example | undefined
}

export function catalogOf(examples: readonly Example[] = bundledExamples): ExampleCatalog {
  return {
    list: () => examples,
    find: (slug) => examples.find((example) => example.slug === slug),
  }
}

/** A workflow id from a name people typed: "Order to cash!" → "order-to-cash". */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 56)
  return /^[a-z]/.test(slug) ? slug : `workflow-${slug}`.replace(/-$/, '')
}

export function blankDocument(id: string, name: string, description?: string): WorkflowDocumentInput {
  return { schemaVersion: currentSchemaVersion, id, name, description, nodes: [], edges: [] }
}
