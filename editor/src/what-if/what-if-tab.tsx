import type { Calibration, ScenarioComparison, ScenarioProblem } from '@conveyor/shared'
import { whatIfModel } from '@conveyor/shared/what-if/index'
import { currencyOf } from '@conveyor/shared/model/document'
import { useMemo, useState, type FormEvent } from 'react'
import type { EditorExtensionProps } from '../app/extensions'
import { api } from '../api/client'
import { messageOf } from '../api/api-error'
import { BottleneckMark } from './bottleneck-mark'
import { CalibrationSources } from './calibration-sources'
import { emptyDraft, problemText, scenarioOf, scenarioTargets, type ScenarioDraft } from './scenario-draft'
import { useWhatIfWorker } from './use-what-if-worker'
import { WhatIfResults } from './what-if-results'
import './what-if.css'

type Outcome =
  | { state: 'idle' }
  | { state: 'running' }
  | { state: 'done'; comparison: ScenarioComparison }
  | { state: 'refused'; problems: ScenarioProblem[] }
  | { state: 'failed'; message: string }

/**
 * "What if volume doubles, this step is automated, that lane gets a person more": the workflow
 * simulated today and under the scenario, side by side, with the bottleneck lane marked on the canvas.
 */
export function WhatIfTab({ doc, workflowId }: EditorExtensionProps) {
  const run = useWhatIfWorker()
  const [draft, setDraft] = useState<ScenarioDraft>(emptyDraft)
  const [outcome, setOutcome] = useState<Outcome>({ state: 'idle' })
  /** Days of runs to fit the figures to; null: the typed-in facts. */
  const [runDays, setRunDays] = useState<{ use: boolean; days: string }>({ use: false, days: '30' })
  const baselinePeople = useMemo(
    () => Object.fromEntries(whatIfModel(doc, {}).model.lanes.map((lane) => [lane.id, lane.people])),
    [doc],
  )
  const { steps, timed } = useMemo(() => scenarioTargets(doc), [doc])
  const change = (patch: Partial<ScenarioDraft>) => setDraft((current) => ({ ...current, ...patch }))
  const people = (lane: string) => draft.people[lane] ?? baselinePeople[lane] ?? 1
  const setPeople = (lane: string, count: number) =>
    change({ people: { ...draft.people, [lane]: Math.max(0, count) } })

  const submit = (event: FormEvent) => {
    event.preventDefault()
    setOutcome({ state: 'running' })
    const days = Number(runDays.days)
    if (runDays.use && !(Number.isInteger(days) && days >= 1 && days <= 366)) {
      setOutcome({ state: 'failed', message: 'Days of runs: give a whole number from 1 to 366.' })
      return
    }
    const calibration: Promise<Calibration | undefined> = runDays.use
      ? api.getCalibration(workflowId, days)
      : Promise.resolve(undefined)
    calibration
      .then((fitted) => run(doc, scenarioOf(draft, baselinePeople), fitted))
      .then(
        (answer) =>
          setOutcome(
            answer.ok
              ? { state: 'done', comparison: answer.comparison }
              : { state: 'refused', problems: answer.problems },
          ),
        (error: unknown) => setOutcome({ state: 'failed', message: messageOf(error) }),
      )
  }

  return (
    <div className="run-panel">
      <form className="what-if-form" aria-label="What if scenario" noValidate onSubmit={submit}>
        <label>
          Volume (times today&apos;s)
          <input
            type="number"
            min="0.1"
            step="0.1"
            value={draft.volume}
            onChange={(event) => change({ volume: event.target.value })}
          />
        </label>
        {doc.lanes.length > 0 ? (
          <fieldset>
            <legend>People per lane</legend>
            <div className="what-if-people">
              {doc.lanes.map((lane) => (
                <PeopleControl
                  key={lane.id}
                  name={lane.name}
                  count={people(lane.id)}
                  onChange={(count) => setPeople(lane.id, count)}
                />
              ))}
            </div>
          </fieldset>
        ) : null}
        <fieldset>
          <legend>Change how a step is done</legend>
          <NodeChoice label="Step" nodes={steps} value={draft.step} onChange={(step) => change({ step })} />
          <label>
            Done by
            <select
              value={draft.mode}
              disabled={!draft.step}
              onChange={(event) => change({ mode: event.target.value as ScenarioDraft['mode'] })}
            >
              <option value="automate">A machine (automate)</option>
              <option value="augment">A person with the assistant&apos;s suggestion (augment)</option>
            </select>
          </label>
          <label>
            Share people take back (%)
            <input
              type="number"
              min="0"
              max="100"
              value={draft.overridePercent}
              disabled={!draft.step}
              onChange={(event) => change({ overridePercent: event.target.value })}
            />
          </label>
        </fieldset>
        <fieldset>
          <legend>Change a time limit (SLA)</legend>
          <NodeChoice
            label="SLA of"
            nodes={timed}
            value={draft.slaNode}
            onChange={(slaNode) => change({ slaNode })}
          />
          <label>
            New SLA (like 4h or 2d; empty for none)
            <input
              type="text"
              value={draft.sla}
              disabled={!draft.slaNode}
              onChange={(event) => change({ sla: event.target.value })}
            />
          </label>
        </fieldset>
        <fieldset>
          <legend>Figures to simulate with</legend>
          <label className="what-if-inline">
            <input
              type="checkbox"
              checked={runDays.use}
              onChange={(event) => setRunDays({ ...runDays, use: event.target.checked })}
            />
            Use the last days of runs in place of the typed-in facts
          </label>
          <label>
            Days of runs
            <input
              type="number"
              min="1"
              max="366"
              value={runDays.days}
              disabled={!runDays.use}
              onChange={(event) => setRunDays({ ...runDays, days: event.target.value })}
            />
          </label>
        </fieldset>
        <button type="submit" disabled={outcome.state === 'running'}>
          Run
        </button>
      </form>
      <OutcomeView outcome={outcome} doc={doc} />
    </div>
  )
}

function PeopleControl(props: { name: string; count: number; onChange: (count: number) => void }) {
  const { name, count, onChange } = props
  return (
    <>
      <span>{name}</span>
      <button
        type="button"
        aria-label={`One person fewer in ${name}`}
        disabled={count === 0}
        onClick={() => onChange(count - 1)}
      >
        −
      </button>
      <output aria-label={`People in ${name}`}>{count}</output>
      <button type="button" aria-label={`One person more in ${name}`} onClick={() => onChange(count + 1)}>
        +
      </button>
    </>
  )
}

function OutcomeView({ outcome, doc }: { outcome: Outcome; doc: EditorExtensionProps['doc'] }) {
  switch (outcome.state) {
    case 'idle':
      return <p>Set a scenario and run it to see it beside today.</p>
    case 'running':
      return <p role="status">Simulating today and the scenario…</p>
    case 'failed':
      return <p role="alert">{outcome.message}</p>
    case 'refused':
      return (
        <div role="alert">
          <p>This scenario cannot be run:</p>
          <ul aria-label="Problems with the scenario">
            {outcome.problems.map((problem) => (
              <li key={problem.path + problem.message}>{problemText(problem, doc)}</li>
            ))}
          </ul>
        </div>
      )
    case 'done': {
      const bottleneck = outcome.comparison.scenario.bottleneck
      return (
        <>
          {bottleneck ? <BottleneckMark laneId={bottleneck.lane} name={bottleneck.name} /> : null}
          <WhatIfResults comparison={outcome.comparison} currency={currencyOf(doc)} />
          {outcome.comparison.calibration ? (
            <CalibrationSources report={outcome.comparison.calibration} doc={doc} />
          ) : null}
        </>
      )
    }
  }
}

/** Picks the node a scenario changes, or none. */
function NodeChoice({
  label,
  nodes,
  value,
  onChange,
}: {
  label: string
  nodes: readonly { id: string; data: { label: string } }[]
  value: string
  onChange: (nodeId: string) => void
}) {
  return (
    <label>
      {label}
      <select value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">No change</option>
        {nodes.map((node) => (
          <option key={node.id} value={node.id}>
            {node.data.label}
          </option>
        ))}
      </select>
    </label>
  )
}
