import type { WorkflowDocument } from '@conveyor/shared'
import { validateDocument, type Diagnostic } from '@conveyor/shared/validator/index'
import { useDeferredValue, useMemo } from 'react'
import { problemMarks, type ProblemMark } from '../canvas/flow-types'

export interface Diagnostics {
  diagnostics: Diagnostic[]
  nodeProblems: Map<string, ProblemMark>
  edgeProblems: Map<string, ProblemMark>
}

/** Validates as people edit; deferred so typing and dragging never wait for the validator. */
export function useDiagnostics(document: WorkflowDocument): Diagnostics {
  const deferred = useDeferredValue(document)
  return useMemo(() => {
    const { diagnostics } = validateDocument(deferred)
    return {
      diagnostics,
      nodeProblems: problemMarks(diagnostics, 'nodeId'),
      edgeProblems: problemMarks(diagnostics, 'edgeId'),
    }
  }, [deferred])
}
