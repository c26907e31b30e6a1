import { WorkflowDocument, migrate } from '../model'
import { buildGraph, reachableFromTriggers } from '../graph'
import type { Check, CheckContext } from './check-context'
import { graphChecks } from './checks'
import { diagnose, type Diagnostic } from './diagnostic'
import { schemaDiagnostics } from './schema-issues'

export interface ValidationResult {
  /** The parsed document (defaults applied), when it matches the workflow format. */
  document?: WorkflowDocument
  diagnostics: Diagnostic[]
}

/**
 * Checks anything claiming to be a workflow document: migrates it to the current format, checks
 * its shape, then the flow itself. Never throws: every problem, even an internal one, comes
 * back as a diagnostic.
 */
export function validateDocument(input: unknown): ValidationResult {
  try {
    const migrated = migrate(input)
    if (!migrated.ok) {
      return {
        diagnostics: [
          diagnose('document.version', { message: `This is not a workflow document: ${migrated.message}.` }),
        ],
      }
    }
    const parsed = WorkflowDocument.safeParse(migrated.document, { reportInput: true })
    if (!parsed.success) return { diagnostics: schemaDiagnostics(parsed.error.issues, migrated.document) }
    return { document: parsed.data, diagnostics: checkGraph(parsed.data, graphChecks) }
  } catch (error) {
    return { diagnostics: [internalFailure(error)] }
  }
}

function checkGraph(document: WorkflowDocument, checks: readonly Check[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = []
  const graph = buildGraph(document)
  const nodeIndex = firstIndexById(document.nodes)
  const edgeIndex = firstIndexById(document.edges)
  const context: CheckContext = {
    document,
    graph,
    nodeIndex,
    edgeIndex,
    laneIds: new Set(document.lanes.map((lane) => lane.id)),
    reachable: reachableFromTriggers(graph),
    report: (code, details) => diagnostics.push(diagnose(code, details)),
    nodePath: (nodeId, ...rest) => ['nodes', nodeIndex.get(nodeId) ?? -1, ...rest],
    edgePath: (edgeId, ...rest) => ['edges', edgeIndex.get(edgeId) ?? -1, ...rest],
  }
  for (const check of checks) {
    try {
      check(context)
    } catch (error) {
      diagnostics.push(internalFailure(error))
    }
  }
  return diagnostics
}

function firstIndexById(items: ReadonlyArray<{ id: string }>): Map<string, number> {
  const index = new Map<string, number>()
  items.forEach((item, i) => {
    if (!index.has(item.id)) index.set(item.id, i)
  })
  return index
}

function internalFailure(error: unknown): Diagnostic {
  const reason = error instanceof Error ? error.message : String(error)
  return diagnose('validator.internal', {
    message: `The validator could not finish checking this document (${reason}).`,
  })
}
