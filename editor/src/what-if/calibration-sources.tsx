import type { CalibrationFigure, CalibrationReport, WorkflowDocument } from '@conveyor/shared'
import { useId } from 'react'

/** What a calibrated figure is, in words, at its node. */
function figureName(figure: CalibrationFigure, doc: WorkflowDocument): string {
  const node = figure.node && doc.nodes.find((candidate) => candidate.id === figure.node)
  const name = node ? `“${node.data.label}”` : `“${figure.node}”`
  switch (figure.field) {
    case 'facts.volumePerWeek':
      return 'Items arriving'
    case 'facts.handlingTimeMinutes':
      return `Time ${name} takes`
    case 'branches':
      return `Which way ${name} goes`
    case 'facts.errorRate':
      return `How often ${name} fails or is rejected`
    case 'overrideRate':
      return `Suggestions overridden at ${name}`
    default:
      return `${figure.field} of ${name}`
  }
}

/**
 * Which figures the simulation took from runs and which from the facts typed into the workflow,
 * for want of runs: a process owner can tell a prediction resting on what happened from one resting
 * on what someone wrote down.
 */
export function CalibrationSources({ report, doc }: { report: CalibrationReport; doc: WorkflowDocument }) {
  const id = useId()
  const fromRuns = report.figures.filter((figure) => figure.source === 'runs')
  const fromFacts = report.figures.filter((figure) => figure.source === 'facts')
  const days = report.days === 1 ? 'day' : `${report.days} days`
  return (
    <section aria-labelledby={`${id}-sources`} className="what-if-sources">
      <h3 id={`${id}-sources`}>Where the figures come from</h3>
      <p>
        {report.items} {report.items === 1 ? 'item' : 'items'} started in the last {days}. A figure seen fewer
        than {report.least} times keeps what the workflow says.
      </p>
      {fromRuns.length > 0 ? (
        <ul aria-label="Figures from runs">
          {fromRuns.map((figure) => (
            <li key={figure.field + figure.node}>
              {figureName(figure, doc)}: from {figure.observations} runs. {figure.message}
            </li>
          ))}
        </ul>
      ) : null}
      {fromFacts.length > 0 ? (
        <ul aria-label="Figures from the typed-in facts">
          {fromFacts.map((figure) => (
            <li key={figure.field + figure.node}>
              {figureName(figure, doc)}: from the typed-in facts, as runs showed only {figure.observations}.
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  )
}
