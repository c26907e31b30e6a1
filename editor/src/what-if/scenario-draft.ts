import { checkScenario } from '@conveyor/shared/what-if/index'
import type { ScenarioProblem, WorkflowDocument, WorkflowNode } from '@conveyor/shared'

/** The What if form as typed: text where people type, so a wrong entry reaches the checks as typed. */
export interface ScenarioDraft {
  /** Times today's volume. */
  volume: string
  /** People per lane, by lane id, where the person changed it. */
  people: Record<string, number>
  /** The step switched to another way of working ('' for none). */
  step: string
  mode: 'automate' | 'augment'
  /** Share of the items (automate) or suggestions (augment) people take back, in percent. */
  overridePercent: string
  /** The step or decision whose SLA changes ('' for none). */
  slaNode: string
  /** The new SLA, like "4h"; empty removes it. */
  sla: string
}

export const emptyDraft: ScenarioDraft = {
  volume: '1',
  people: {},
  step: '',
  mode: 'automate',
  overridePercent: '10',
  slaNode: '',
  sla: '',
}

/** The nodes a scenario may switch to another way of working, and those whose SLA it may change: as the checks say. */
export function scenarioTargets(document: WorkflowDocument): {
  steps: WorkflowNode[]
  timed: WorkflowNode[]
} {
  const allows = (scenario: unknown) => checkScenario(document, scenario).ok
  return {
    steps: document.nodes.filter((node) => allows({ steps: { [node.id]: {} } })),
    timed: document.nodes.filter((node) => allows({ sla: { [node.id]: null } })),
  }
}

const numberOf = (text: string) => (text.trim() === '' ? Number.NaN : Number(text))

/** The scenario the draft asks for, unchecked (`checkScenario` says what is wrong, by field). */
export function scenarioOf(draft: ScenarioDraft, baselinePeople: Record<string, number>): unknown {
  const lanes = Object.entries(draft.people).filter(([lane, people]) => people !== baselinePeople[lane])
  return {
    volumeFactor: numberOf(draft.volume),
    ...(lanes.length > 0 && {
      lanes: Object.fromEntries(lanes.map(([lane, people]) => [lane, { people }])),
    }),
    ...(draft.step && {
      steps: {
        [draft.step]: { mode: draft.mode, overrideRate: numberOf(draft.overridePercent) / 100 },
      },
    }),
    ...(draft.slaNode && { sla: { [draft.slaNode]: draft.sla.trim() === '' ? null : draft.sla.trim() } }),
  }
}

/** A problem in the form's words: "People in Tier 2 specialists: must be 0 or more". */
export function problemText(problem: ScenarioProblem, document: WorkflowDocument): string {
  // The form asks for a percentage where the scenario holds a share.
  const message = problem.path.endsWith('.overrideRate') ? 'must be from 0 to 100%' : problem.message
  return `${problemField(problem, document)}: ${message}`
}

function problemField(problem: ScenarioProblem, document: WorkflowDocument): string {
  const [area, id, field] = problem.path.split('.')
  const label = (nodeId: string | undefined) =>
    document.nodes.find((node) => node.id === nodeId)?.data.label ?? nodeId ?? ''
  switch (area) {
    case 'volumeFactor':
      return 'Volume'
    case 'lanes':
      return `People in ${document.lanes.find((lane) => lane.id === id)?.name ?? id}`
    case 'steps':
      return field === 'overrideRate' ? `Taken back by people (${label(id)})` : `Step ${label(id)}`
    case 'sla':
      return `SLA of ${label(id)}`
    default:
      return problem.path || 'Scenario'
  }
}
