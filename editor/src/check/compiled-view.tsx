import type { CompiledWorkflow, WorkflowDocument } from '@conveyor/shared'
import { compile } from '@conveyor/shared/compiler/index'
import type { DeploymentSummary } from '@conveyor/shared/protocol/api'
import { useDeferredValue, useEffect, useMemo, useState } from 'react'
import { messageOf } from '../api/api-error'
import { api } from '../api/client'
import { CodeView, DiffView } from '../monaco/code-view'

const pretty = (compiled: CompiledWorkflow) => JSON.stringify(compiled, null, 2)

type Deployed =
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | { status: 'ready'; versions: DeploymentSummary[] }

/** The XState machine the diagram compiles to, and how it differs from a deployed version. */
export function CompiledView({
  workflowId,
  document,
  blocked,
}: {
  workflowId: string
  document: WorkflowDocument
  blocked: boolean
}) {
  const deferred = useDeferredValue(document)
  const result = useMemo(() => compile(deferred), [deferred])
  const [mode, setMode] = useState<'machine' | 'diff'>('machine')
  const [deployed, setDeployed] = useState<Deployed>({ status: 'loading' })
  const [version, setVersion] = useState<number>()
  const [deployedText, setDeployedText] = useState<string>()

  useEffect(() => {
    let live = true
    api.listDeployments(workflowId).then(
      (versions) => {
        if (!live) return
        setDeployed({ status: 'ready', versions })
        setVersion(Math.max(...versions.map((entry) => entry.version)))
      },
      (error: unknown) => live && setDeployed({ status: 'failed', message: messageOf(error) }),
    )
    return () => {
      live = false
    }
  }, [workflowId])

  useEffect(() => {
    if (version === undefined || !Number.isFinite(version)) return
    let live = true
    setDeployedText(undefined)
    api.getDeployment(workflowId, version).then(
      (deployment) => live && setDeployedText(pretty(deployment.compiled)),
      (error: unknown) => live && setDeployed({ status: 'failed', message: messageOf(error) }),
    )
    return () => {
      live = false
    }
  }, [workflowId, version])

  if (blocked || !result.compiled) {
    return (
      <p role="status">
        This diagram is not ready to run, so it does not compile yet. The Problems tab lists what is missing.
      </p>
    )
  }
  const current = pretty(result.compiled)
  const versions = deployed.status === 'ready' ? deployed.versions : []
  return (
    <div className="compiled">
      <div className="row" role="group" aria-label="Compiled view">
        <button type="button" aria-pressed={mode === 'machine'} onClick={() => setMode('machine')}>
          Machine
        </button>
        <button type="button" aria-pressed={mode === 'diff'} onClick={() => setMode('diff')}>
          Changes since deployed
        </button>
      </div>
      {mode === 'machine' ? (
        <CodeView value={current} language="json" label="Compiled machine (read-only)" />
      ) : null}
      {mode === 'diff' && deployed.status === 'loading' ? <p role="status">Loading deployments…</p> : null}
      {mode === 'diff' && deployed.status === 'failed' ? <p role="alert">{deployed.message}</p> : null}
      {mode === 'diff' && deployed.status === 'ready' && versions.length === 0 ? (
        <p role="status">Not deployed yet: there is nothing to compare with.</p>
      ) : null}
      {mode === 'diff' && versions.length > 0 ? (
        <>
          <label className="field">
            Compare with version
            <select value={version} onChange={(event) => setVersion(Number(event.target.value))}>
              {[...versions]
                .sort((a, b) => b.version - a.version)
                .map((entry) => (
                  <option key={entry.version} value={entry.version}>
                    Version {entry.version} ({new Date(entry.deployedAt).toLocaleString()})
                  </option>
                ))}
            </select>
          </label>
          {deployedText === undefined ? (
            <p role="status">Loading version {version}…</p>
          ) : deployedText === current ? (
            <p role="status">No changes: the diagram compiles to exactly version {version}.</p>
          ) : (
            <DiffView
              original={deployedText}
              modified={current}
              language="json"
              label="Compiled machine, deployed against current"
            />
          )}
        </>
      ) : null}
    </div>
  )
}
