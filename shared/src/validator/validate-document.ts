import { WorkflowDocument, migrate } from '../model'
import {
  analyzeForks,
  buildGraph,
  reachableFromTriggers,
  type BlockAnalysis,
  type WorkflowGraph,
} from '../graph'
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
  const { document, diagnostics } = analyzeDocument(input)
  return document ? { document, diagnostics } : { diagnostics }
}

/** What validation learned about a document that matches the format; the compiler reuses it. */
export interface DocumentAnalysis extends ValidationResult {
  graph?: WorkflowGraph
  blocks?: BlockAnalysis
}

/** `validateDocument`, also returning the graph and parallel blocks it worked out. Never throws. */
export function analyzeDocument(input: unknown): DocumentAnalysis {
  try {
    const migrated = migrate(input)
    if (!migrated.ok) {
      const message = `This is not a workflow document: ${migrated.message}.`
      return { diagnostics: [diagnose('document.version', { message })] }
    }
    const parsed = WorkflowDocument.safeParse(migrated.document, { reportInput: true })
    if (!parsed.success) return { diagnostics: schemaDiagnostics(parsed.error.issues, migrated.document) }
    return checkGraph(parsed.data, graphChecks)
  } catch (error) {
    return { diagnostics: [internalFailure(error)] }
  }
}

function checkGraph(document: WorkflowDocument, checks: readonly Check[]): DocumentAnalysis {
  const diagnostics: Diagnostic[] = []
  const graph = buildGraph(document)
  const blocks = analyzeForks(graph)
  const { nodeIndex, edgeIndex } = graph
  const context: CheckContext = {
    document,
    graph,
    blocks,
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
  return { document, diagnostics, graph, blocks }
}

function internalFailure(error: unknown): Diagnostic {
  const reason = error instanceof Error ? error.message : String(error)
  return diagnose('validator.internal', {
    message: `The validator could not finish checking this document (${reason}).`,
  })
}
