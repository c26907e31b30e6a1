import type { WorkflowDocument } from '@conveyor/shared'
import { compile } from '@conveyor/shared/compiler/index'
import { useEffect, useMemo, useReducer, useState } from 'react'
import type { NodeOverlay } from '../app/extensions'
import { AutomatedResult } from './automated-result'
import { SimulatedForm } from './simulated-form'
import { SimulationDriver, type PendingWork } from './simulation-driver'

/** One simulation per workflow, kept while the panel is hidden so the path stays on the diagram. */
const drivers = new Map<string, SimulationDriver>()

interface SimulatePanelProps {
  document: WorkflowDocument
  blocked: boolean
  setOverlay: (overlay: NodeOverlay | null) => void
  focusNode: (nodeId: string) => void
}

export function SimulatePanel({ document, blocked, setOverlay, focusNode }: SimulatePanelProps) {
  const [, rerender] = useReducer((count: number) => count + 1, 0)
  // A complete map is enough: people play whatever is not wired up yet.
  const compiled = useMemo(
    () => (blocked ? undefined : compile(document, { level: 'map' }).compiled),
    [document, blocked],
  )
  const driver = drivers.get(document.id)
  const [trigger, setTrigger] = useState<string>()

  useEffect(() => {
    if (driver) setOverlay(driver.overlay())
  }, [driver, setOverlay])

  const act = (action: (current: SimulationDriver) => void) => {
    if (!driver) return
    action(driver)
    setOverlay(driver.overlay())
    rerender()
  }
  const reset = () => {
    driver?.stop()
    drivers.delete(document.id)
    setOverlay(null)
    rerender()
  }

  if (!compiled && !driver)
    return (
      <p role="status">
        The map is not complete yet, so it cannot be simulated. The Problems tab lists what to fix.
      </p>
    )

  if (!driver || !driver.started) {
    const triggers = compiled?.manifest.triggers ?? []
    const chosen = trigger ?? triggers[0]
    const node = chosen ? compiled?.manifest.nodes[chosen] : undefined
    return (
      <div className="simulate">
        <p>Walk one instance through the diagram: you play the systems and the people.</p>
        <label className="field">
          Start with trigger
          <select value={chosen} onChange={(event) => setTrigger(event.target.value)}>
            {triggers.map((id) => (
              <option key={id} value={id}>
                {compiled?.manifest.nodes[id]?.label ?? id}
              </option>
            ))}
          </select>
        </label>
        {chosen && node?.kind === 'trigger' && compiled ? (
          <SimulatedForm
            key={chosen}
            form={node.input ?? { fields: [] }}
            submitLabel="Start simulation"
            onSubmit={(input) => {
              const next = new SimulationDriver(compiled)
              drivers.set(document.id, next)
              next.start(chosen, input)
              setOverlay(next.overlay())
              rerender()
            }}
          />
        ) : null}
      </div>
    )
  }

  const pending = driver.pending()
  const stale = compiled !== undefined && JSON.stringify(compiled) !== JSON.stringify(driver.compiled)
  return (
    <div className="simulate">
      {stale ? (
        <p className="notice">
          The diagram changed since this simulation started; restart to simulate the new version.
        </p>
      ) : null}
      {driver.done ? (
        <p role="status">
          <span aria-hidden="true">✓</span> The instance ended: {driver.outcome}.
        </p>
      ) : null}
      {pending.map((work) => (
        <PendingCard key={work.nodeId} work={work} driver={driver} act={act} focusNode={focusNode} />
      ))}
      <button type="button" onClick={reset}>
        Restart simulation
      </button>
      <h3>Path</h3>
      <ol className="simulate__log">
        {driver.log.map((entry, index) => (
          <li key={index}>{entry}</li>
        ))}
      </ol>
      <h3>Instance data</h3>
      <pre className="simulate__data">{JSON.stringify(driver.data, null, 2)}</pre>
    </div>
  )
}

interface PendingCardProps {
  work: PendingWork
  driver: SimulationDriver
  act: (action: (driver: SimulationDriver) => void) => void
  focusNode: (nodeId: string) => void
}

function PendingCard({ work, act, focusNode }: PendingCardProps) {
  const outcomes = work.kind === 'decision' ? [] : work.outcomes
  return (
    <section className="simulate__card" aria-label={`Now at ${work.label}`}>
      <h3>
        <button type="button" className="link" onClick={() => focusNode(work.nodeId)}>
          {work.label}
        </button>
      </h3>
      {work.kind === 'decision' ? (
        <>
          <p>{work.question ?? 'Which way?'}</p>
          {work.reason ? <p className="field__hint">{work.reason}</p> : null}
          <div className="row" role="group" aria-label={`Answer for ${work.label}`}>
            {work.branches.map((branch) => (
              <button
                key={branch.id}
                type="button"
                onClick={() => act((driver) => driver.decide(work.nodeId, branch.id))}
              >
                {branch.label}
              </button>
            ))}
          </div>
        </>
      ) : null}
      {work.kind === 'automated' ? (
        <AutomatedResult
          stepLabel={work.label}
          onDone={(result) => act((driver) => driver.complete(work.nodeId, result))}
        />
      ) : null}
      {work.kind === 'form' ? (
        <SimulatedForm
          form={work.form}
          submitLabel={`Complete ${work.label}`}
          onSubmit={(values) => act((driver) => driver.complete(work.nodeId, values))}
        />
      ) : null}
      {outcomes.map((outcome) => (
        <button key={outcome.on} type="button" onClick={() => act((driver) => driver.takeOutcome(outcome))}>
          {outcome.label}
        </button>
      ))}
    </section>
  )
}
