import type { WorkflowDocument } from '@conveyor/shared'
import { currencyOf } from '@conveyor/shared/model/document'
import { formatMoney, formatShare } from '@conveyor/shared/format/figures'
import { useMemo } from 'react'
import { modePresentation, stepModes } from '../kinds/step/step-modes'
import { summarizeValueStream } from './value-stream-summary'

const minutes = (value: number) =>
  value >= 120 ? `${(value / 60).toFixed(1)} h` : `${Math.round(value)} min`
const percent = (value: number) => `${Math.round(value * 100)}%`

/** The value-stream figures from the facts on the diagram. */
export function SummaryPanel({
  document,
  focusNode,
}: {
  document: WorkflowDocument
  focusNode: (nodeId: string) => void
}) {
  const summary = useMemo(() => summarizeValueStream(document), [document])
  return (
    <div className="summary">
      <dl>
        <dt>Handling time per item</dt>
        <dd>{minutes(summary.handlingMinutes)}</dd>
        <dt>Lead time per item</dt>
        <dd>{minutes(summary.leadMinutes)}</dd>
        <dt>Process cycle efficiency</dt>
        <dd>
          {summary.processCycleEfficiency === undefined
            ? 'unknown (no times yet)'
            : formatShare(summary.processCycleEfficiency)}
        </dd>
        <dt>Cost per item</dt>
        <dd>{formatMoney(summary.costPerItem, currencyOf(document))}</dd>
        {stepModes.map((mode) => (
          <div key={mode} className="summary__row">
            <dt>
              <span aria-hidden="true">{modePresentation[mode].icon}</span> {modePresentation[mode].label}{' '}
              steps
            </dt>
            <dd>{percent(summary.modeShare[mode])}</dd>
          </div>
        ))}
        <dt>Bottleneck</dt>
        <dd>
          {summary.bottleneck ? (
            <>
              <button type="button" className="link" onClick={() => focusNode(summary.bottleneck!.nodeId)}>
                {summary.bottleneck.label}
              </button>
              : {summary.bottleneck.reason}
            </>
          ) : (
            'unknown (no facts yet)'
          )}
        </dd>
      </dl>
      {summary.withoutFacts.length > 0 ? (
        <p className="muted">
          {summary.withoutFacts.length}{' '}
          {summary.withoutFacts.length === 1 ? 'step or decision has' : 'steps or decisions have'} no facts
          yet and {summary.withoutFacts.length === 1 ? 'is' : 'are'} left out.
        </p>
      ) : null}
    </div>
  )
}
