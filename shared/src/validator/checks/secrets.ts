import { connectorSecretReferences, type WorkflowDocument } from '../../model'
import { nameOf } from '../check-context'
import { diagnose, type Diagnostic } from '../diagnostic'

/**
 * The secrets a document's http steps reference, once each, sorted: what a deployment records,
 * so an operator sees which versions a change to a secret reaches.
 */
export function secretsUsedBy(document: WorkflowDocument): string[] {
  const names = document.nodes.flatMap((node) =>
    node.type === 'step' ? connectorSecretReferences(node.data.automate?.connector) : [],
  )
  return [...new Set(names.map((reference) => reference.name))].sort()
}

/**
 * One `step.unknown-secret` per reference to a secret not among `stored`, naming the step and
 * the field. Only the runtime knows what it stores, so this runs where the names are known
 * (deploying, or an editor that has asked the runtime) rather than among the document's own checks.
 */
export function unknownSecretDiagnostics(
  document: WorkflowDocument,
  stored: ReadonlySet<string>,
): Diagnostic[] {
  return document.nodes.flatMap((node, index) => {
    if (node.type !== 'step') return []
    return connectorSecretReferences(node.data.automate?.connector)
      .filter((reference) => !stored.has(reference.name))
      .map((reference) =>
        diagnose('step.unknown-secret', {
          nodeId: node.id,
          path: ['nodes', index, 'data', 'automate', 'connector', ...reference.field.split(/\.(.*)/s, 2)],
          message: `Step ${nameOf(node)} uses secret "${reference.name}" in its ${reference.field}, but no secret of that name is stored.`,
        }),
      )
  })
}
