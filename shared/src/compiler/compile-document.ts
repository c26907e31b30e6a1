import type { BlockAnalysis, WorkflowGraph } from '../graph'
import type { WorkflowDocument } from '../model'
import { analyzeDocument } from '../validator/validate-document'
import { diagnose, isMapComplete, isReadyToRun, type Diagnostic, type DiagnosticLevel } from '../validator'
import { buildMachine } from './build-machine'
import { buildManifest } from './build-manifest'
import { CompileError } from './compile-error'
import { compiledFormatVersion, type CompiledWorkflow } from './compiled'

/**
 * Compiles a workflow document into a machine config and manifest (see compiled.ts). Throws a
 * `CompileError` carrying the diagnostics when the document has errors. The same document always
 * gives the same bytes: states and manifest entries are in id order, every object is built with
 * a fixed key order, and nothing depends on the order things were drawn in, except where order
 * means something (branches, triggers).
 */
export function compileDocument(document: WorkflowDocument): CompiledWorkflow {
  const { compiled, diagnostics } = compile(document)
  if (!compiled) throw new CompileError(diagnostics)
  return compiled
}

export interface CompileOptions {
  /**
   * How done the document must be: `run` (the default, what deploying needs) compiles it only when
   * it has no errors; `map` compiles a complete map whose wiring is not all set up yet, so the
   * simulator can walk it (people play what is not wired). Never deploy a map compilation.
   */
  level?: DiagnosticLevel
}

/** Validates anything and compiles it when it is done to the level asked. Never throws. */
export function compile(
  input: unknown,
  { level = 'run' }: CompileOptions = {},
): { compiled?: CompiledWorkflow; diagnostics: Diagnostic[] } {
  const { document, graph, blocks, diagnostics } = analyzeDocument(input)
  const done = level === 'map' ? isMapComplete(diagnostics) : isReadyToRun(diagnostics)
  if (!document || !graph || !blocks || !done) return { diagnostics }
  try {
    return { compiled: compileValid(document, graph, blocks), diagnostics }
  } catch (error) {
    // A document the validator accepts must compile; if not, say so instead of crashing.
    const reason = error instanceof Error ? error.message : String(error)
    return {
      diagnostics: [
        ...diagnostics,
        diagnose('validator.internal', {
          message: `The workflow passed every check but could not be compiled (${reason}).`,
        }),
      ],
    }
  }
}

function compileValid(
  document: WorkflowDocument,
  graph: WorkflowGraph,
  blocks: BlockAnalysis,
): CompiledWorkflow {
  const joinOfFork = new Map<string, string>()
  for (const block of blocks.blocks.values()) if (block.join) joinOfFork.set(block.fork, block.join)
  return {
    formatVersion: compiledFormatVersion,
    workflowId: document.id,
    name: document.name,
    machine: buildMachine(document.id, graph, blocks),
    manifest: buildManifest(document, graph, joinOfFork),
  }
}
