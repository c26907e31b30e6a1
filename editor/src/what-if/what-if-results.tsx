import type { ScenarioComparison, WhatIfResult } from '@conveyor/shared'
import { useId } from 'react'
import { formatMoney } from '@conveyor/shared/format/figures'
import { formatMinutes, formatPercent } from '@conveyor/shared/what-if/outputs'

interface Row {
  label: string
  figure: (result: WhatIfResult, currency: string) => string
}

const rows: Row[] = [
  { label: 'Half the items done within', figure: (result) => formatMinutes(result.leadTimeMinutes.p50) },
  { label: 'Nine in ten done within', figure: (result) => formatMinutes(result.leadTimeMinutes.p90) },
  { label: '99 in 100 done within', figure: (result) => formatMinutes(result.leadTimeMinutes.p99) },
  { label: 'Items finished per hour', figure: (result) => result.throughputPerHour.toFixed(1) },
  { label: 'Items breaching an SLA', figure: (result) => formatPercent(result.slaBreachRate) },
  { label: 'Cost per item', figure: (result, currency) => formatMoney(result.costPerItem, currency) },
  { label: 'Done with no person (touchless)', figure: (result) => formatPercent(result.touchlessRate) },
]

/** Today's figures beside the scenario's: the whole flow, then each lane, then what was assumed. */
export function WhatIfResults({
  comparison,
  currency,
}: {
  comparison: ScenarioComparison
  currency: string
}) {
  const id = useId()
  const { baseline, scenario } = comparison
  const bottleneck = scenario.bottleneck?.lane
  // Figures left to the facts for want of runs are listed with where the figures come from.
  const calibrated = new Set(comparison.calibration?.figures.map((figure) => figure.message))
  const assumptions = [
    ...new Set([...baseline.assumptions, ...scenario.assumptions].map((assumption) => assumption.message)),
  ].filter((message) => !calibrated.has(message))
  return (
    <>
      <section aria-labelledby={`${id}-verdict`} className="what-if-verdict">
        <h3 id={`${id}-verdict`}>Verdict</h3>
        <p>{comparison.verdict}</p>
      </section>
      <table className="what-if-table" aria-label="The whole flow, today and in this scenario">
        <thead>
          <tr>
            <th scope="col">Figure</th>
            <th scope="col">Today</th>
            <th scope="col">Scenario</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.label}>
              <th scope="row">{row.label}</th>
              <td>{row.figure(baseline, currency)}</td>
              <td>{row.figure(scenario, currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="what-if-table" aria-label="Lanes, today and in this scenario">
        <thead>
          <tr>
            <th scope="col">Lane</th>
            <th scope="col">People</th>
            <th scope="col">Busy</th>
            <th scope="col">Waiting items</th>
          </tr>
        </thead>
        <tbody>
          {scenario.lanes.map((lane) => {
            const today = baseline.lanes.find((candidate) => candidate.id === lane.id)
            const pair = (before: string | undefined, after: string) =>
              before === undefined || before === after ? after : `${before} → ${after}`
            return (
              <tr key={lane.id} className={lane.id === bottleneck ? 'is-bottleneck' : undefined}>
                <th scope="row">
                  {lane.name}
                  {lane.id === bottleneck ? ' (bottleneck)' : ''}
                </th>
                <td>{pair(today && String(today.people), String(lane.people))}</td>
                <td>{pair(today && formatPercent(today.utilisation), formatPercent(lane.utilisation))}</td>
                <td>{pair(today?.meanQueueLength.toFixed(1), lane.meanQueueLength.toFixed(1))}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
      {assumptions.length > 0 ? (
        <section aria-labelledby={`${id}-assumptions`}>
          <h3 id={`${id}-assumptions`}>Assumed where the workflow does not say</h3>
          <ul aria-label="Assumptions">
            {assumptions.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  )
}
