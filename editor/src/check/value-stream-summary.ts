import { kindSpec, type CurrentStateFacts, type StepMode, type WorkflowDocument } from '@conveyor/shared'

/** Minutes of staffed time in a working week (40 hours): the capacity a step's staff offers. */
export const staffMinutesPerWeek = 40 * 60

export interface Bottleneck {
  nodeId: string
  label: string
  /** Why this step: the highest share of its staff's week, or the longest time an item spends there. */
  reason: string
}

export interface ValueStreamSummary {
  /** Minutes of work per item, summed over every step and decision with facts. */
  handlingMinutes: number
  /** Minutes from start to finish per item: work plus waiting. */
  leadMinutes: number
  /** handling / lead, 0..1; undefined when no lead time is known. */
  processCycleEfficiency: number | undefined
  costPerItem: number
  /** Share of steps in each mode, 0..1. */
  modeShare: Record<StepMode, number>
  stepCount: number
  /** Steps and decisions that have no facts yet: the summary leaves them out. */
  withoutFacts: string[]
  bottleneck: Bottleneck | undefined
}

interface Measured {
  id: string
  label: string
  facts: CurrentStateFacts
}

function measured(document: WorkflowDocument): { measured: Measured[]; withoutFacts: string[] } {
  const result: Measured[] = []
  const withoutFacts: string[] = []
  for (const node of document.nodes) {
    if (!kindSpec(node.type).measured) continue
    // The data of the kinds whose work is measured (steps, decisions) may hold facts.
    const facts = 'facts' in node.data ? node.data.facts : undefined
    if (
      facts &&
      (facts.handlingTimeMinutes !== undefined ||
        facts.waitTimeMinutes !== undefined ||
        facts.costPerItem !== undefined)
    ) {
      result.push({ id: node.id, label: node.data.label, facts })
    } else withoutFacts.push(node.id)
  }
  return { measured: result, withoutFacts }
}

function findBottleneck(steps: Measured[]): Bottleneck | undefined {
  const utilisation = (facts: CurrentStateFacts) =>
    facts.staff && facts.volumePerWeek !== undefined && facts.handlingTimeMinutes !== undefined
      ? (facts.volumePerWeek * facts.handlingTimeMinutes) / (facts.staff * staffMinutesPerWeek)
      : undefined
  const loaded = steps.filter((step) => utilisation(step.facts) !== undefined)
  if (loaded.length > 0) {
    const busiest = loaded.reduce((a, b) => (utilisation(b.facts)! > utilisation(a.facts)! ? b : a))
    const percent = Math.round(utilisation(busiest.facts)! * 100)
    return {
      nodeId: busiest.id,
      label: busiest.label,
      reason: `its work takes ${percent}% of its staff’s week`,
    }
  }
  const timeIn = (facts: CurrentStateFacts) => (facts.handlingTimeMinutes ?? 0) + (facts.waitTimeMinutes ?? 0)
  const timed = steps.filter((step) => timeIn(step.facts) > 0)
  if (timed.length === 0) return undefined
  const slowest = timed.reduce((a, b) => (timeIn(b.facts) > timeIn(a.facts) ? b : a))
  return {
    nodeId: slowest.id,
    label: slowest.label,
    reason: `an item spends ${timeIn(slowest.facts)} minutes there, the longest of any step`,
  }
}

/** The value-stream figures managers ask for, computed from the current-state facts on the diagram. */
export function summarizeValueStream(document: WorkflowDocument): ValueStreamSummary {
  const { measured: steps, withoutFacts } = measured(document)
  const handlingMinutes = steps.reduce((sum, step) => sum + (step.facts.handlingTimeMinutes ?? 0), 0)
  const leadMinutes = steps.reduce(
    (sum, step) => sum + (step.facts.handlingTimeMinutes ?? 0) + (step.facts.waitTimeMinutes ?? 0),
    0,
  )
  const modes = document.nodes.flatMap((node) => (node.type === 'step' ? [node.data.mode] : []))
  const share = (mode: StepMode) =>
    modes.length === 0 ? 0 : modes.filter((entry) => entry === mode).length / modes.length
  return {
    handlingMinutes,
    leadMinutes,
    processCycleEfficiency: leadMinutes > 0 ? handlingMinutes / leadMinutes : undefined,
    costPerItem: steps.reduce((sum, step) => sum + (step.facts.costPerItem ?? 0), 0),
    modeShare: { automate: share('automate'), augment: share('augment'), human: share('human') },
    stepCount: modes.length,
    withoutFacts,
    bottleneck: findBottleneck(steps),
  }
}
