/**
 * The workflow both what-if benchmarks simulate (in Node, and in the editor's worker in Chromium):
 * twenty steps in four lanes of people, automated steps that sometimes fail into a manual fallback,
 * a rework loop and SLAs that escalate.
 */
import { WorkflowDocument } from '../src/model'
import {
  chain,
  decision,
  edge,
  end,
  exception,
  humanStep,
  step,
  trigger,
  workflow,
  type EdgeInput,
  type NodeInput,
} from '../src/testing/builders'

const lanes = ['intake', 'review', 'approval', 'finance']
/** About 0.9 items a minute: each lane's people busy about 80% of their time. */
const perWeek = 0.9 * 60 * 24 * 7

/** Twenty steps: every third automated (with a fallback to people on failure), the rest people's work. */
export function twentySteps(): WorkflowDocument {
  const nodes: NodeInput[] = [trigger('received')]
  const edges: EdgeInput[] = []
  const ids: string[] = ['received']
  for (let i = 1; i <= 20; i++) {
    const id = `step-${i}`
    const lane = lanes[i % lanes.length]!
    if (i % 3 === 0) {
      nodes.push(step(id, { lane, facts: { handlingTimeMinutes: 0.5, errorRate: 0.05, costPerItem: 0.2 } }))
      nodes.push(exception(`${id}-failed`, id))
      nodes.push(humanStep(`${id}-by-hand`, { lane, facts: { handlingTimeMinutes: 6, costPerItem: 4 } }))
      edges.push(edge(`${id}-failed`, `${id}-by-hand`))
    } else {
      const sla = i % 4 === 0 ? { within: '2h', escalateTo: 'approval' } : undefined
      nodes.push(
        humanStep(id, {
          lane,
          ...(sla && { sla }),
          facts: { volumePerWeek: perWeek, handlingTimeMinutes: 4, staff: 25, costPerItem: 3 },
        }),
      )
    }
    ids.push(id)
  }
  nodes.push(decision('complete', ['rework', 'done']), end('finished'))
  edges.push(
    ...chain(...ids, 'complete'),
    edge('complete', 'step-15', 'rework'),
    edge('complete', 'finished', 'done'),
  )
  // The fallback joins the flow where its automated step would have gone.
  for (let i = 3; i <= 20; i += 3)
    edges.push(edge(`step-${i}-by-hand`, i === 20 ? 'complete' : `step-${i + 1}`))
  return WorkflowDocument.parse(
    workflow(nodes, edges, { lanes: lanes.map((id) => ({ id, name: id, kind: 'team' as const })) }),
  )
}

/** One in ten items is sent back for rework at the end. */
export const twentyStepScenario = { branches: { complete: { rework: 0.1, done: 0.9 } } }
