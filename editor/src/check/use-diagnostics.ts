import type { WorkflowDocument } from '@conveyor/shared'
import { unknownSecretDiagnostics, validateDocument, type Diagnostic } from '@conveyor/shared/validator/index'
import { useDeferredValue, useMemo } from 'react'
import { problemMarks, type ProblemMark } from '../canvas/flow-types'

export interface Diagnostics {
  diagnostics: Diagnostic[]
  nodeProblems: Map<string, ProblemMark>
  edgeProblems: Map<string, ProblemMark>
}

/**
 * Something still to set up before the workflow runs is not wrong on the map: the canvas marks it
 * as a warning, keeping the error mark for a flow that is not whole.
 */
function asCanvasMark(diagnostic: Diagnostic): Diagnostic {
  return diagnostic.level === 'run' && diagnostic.severity === 'error'
    ? { ...diagnostic, severity: 'warning' }
    : diagnostic
}

/**
 * Validates as people edit; deferred so typing and dragging never wait for the validator. With the
 * runtime's stored secret names, a reference to one it does not hold is in the run list too.
 */
export function useDiagnostics(document: WorkflowDocument, storedSecrets?: ReadonlySet<string>): Diagnostics {
  const deferred = useDeferredValue(document)
  return useMemo(() => {
    const validated = validateDocument(deferred)
    const diagnostics =
      validated.document && storedSecrets
        ? [...validated.diagnostics, ...unknownSecretDiagnostics(validated.document, storedSecrets)]
        : validated.diagnostics
    const marked = diagnostics.map(asCanvasMark)
    return {
      diagnostics,
      nodeProblems: problemMarks(marked, 'nodeId'),
      edgeProblems: problemMarks(marked, 'edgeId'),
    }
  }, [deferred, storedSecrets])
}
