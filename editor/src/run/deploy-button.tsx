import { useState } from 'react'
import { api } from '../api/client'
import { ProblemList } from '../api/problem-list'
import type { EditorExtensionProps } from '../app/extensions'

type Outcome =
  | { kind: 'deployed'; version: number; warnings: number }
  | { kind: 'requested'; n: number }
  | { kind: 'refused'; error: unknown }

/**
 * Deploys the diagram as shown; the server's findings are listed when it refuses. A workflow whose
 * deploys need approval becomes a request that another person decides on (the Deploys tab).
 */
export function DeployButton({ workflowId, focusNode, storeChanges }: EditorExtensionProps) {
  const [busy, setBusy] = useState(false)
  const [outcome, setOutcome] = useState<Outcome>()

  const deploy = async () => {
    setBusy(true)
    setOutcome(undefined)
    try {
      // The server compiles what it has stored: make sure it has the diagram on screen. (Saving the
      // whole diagram again would undo what others changed that this tab has not received yet.)
      await storeChanges()
      const result = await api.deploy(workflowId)
      if ('request' in result) {
        setOutcome({ kind: 'requested', n: result.request.n })
        return
      }
      const warnings = result.diagnostics.filter((diagnostic) => diagnostic.severity !== 'error').length
      setOutcome({ kind: 'deployed', version: result.deployment.version, warnings })
    } catch (error) {
      setOutcome({ kind: 'refused', error })
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="deploy">
      <button type="button" onClick={deploy} disabled={busy}>
        {busy ? 'Deploying…' : 'Deploy'}
      </button>
      {outcome?.kind === 'deployed' && (
        <span role="status">
          Deployed version {outcome.version}
          {outcome.warnings > 0 && ` (${outcome.warnings} warning${outcome.warnings === 1 ? '' : 's'})`}
        </span>
      )}
      {outcome?.kind === 'requested' && (
        <span role="status">
          Deploy requested — waiting for another person&apos;s approval (request {outcome.n})
        </span>
      )}
      {outcome?.kind === 'refused' && (
        <div className="deploy-refusal">
          <ProblemList title="Not deployed" error={outcome.error} onSelectNode={focusNode} />
          <button type="button" onClick={() => setOutcome(undefined)}>
            Dismiss
          </button>
        </div>
      )}
    </div>
  )
}
