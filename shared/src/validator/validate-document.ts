import type { z } from 'zod'
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
import { standInDocument } from './stand-in-document'

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
    if (!parsed.success) return checkDraft(migrated.document, parsed.error.issues)
    return checkGraph(parsed.data, graphChecks)
  } catch (error) {
    return { diagnostics: [internalFailure(error)] }
  }
}

/**
 * A document the schema refused: its findings, plus what the flow checks find with stand-ins for
 * the refused fields (except what they say about the nodes and connections carrying a stand-in).
 * No document is returned: nothing may compile or deploy it.
 */
function checkDraft(input: unknown, issues: readonly z.core.$ZodIssue[]): DocumentAnalysis {
  const diagnostics = schemaDiagnostics(issues, input)
  const standIn = standInDocument(input, issues)
  if (!standIn) return { diagnostics }
  const aboutStandIn = (diagnostic: Diagnostic) =>
    (diagnostic.nodeId !== undefined && standIn.nodeIds.has(diagnostic.nodeId)) ||
    (diagnostic.edgeId !== undefined && standIn.edgeIds.has(diagnostic.edgeId))
  const flow = checkGraph(standIn.document, graphChecks, standIn.nodeIds).diagnostics.filter(
    (d) => !aboutStandIn(d),
  )
  return { diagnostics: [...diagnostics, ...flow] }
}

function checkGraph(
  document: WorkflowDocument,
  checks: readonly Check[],
  standIns: ReadonlySet<string> = new Set(),
): DocumentAnalysis {
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
    standIns,
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
