import { whatIfModel, type RunObservations, type WorkflowDocument } from '@conveyor/shared'
import type { HistoryEntryType } from '@conveyor/shared/protocol/event-log'

/** One event-log row as calibration reads it (an `entered` row for each node a transition entered). */
export interface RunEvent {
  at: number
  instanceId: string
  type: HistoryEntryType
  nodeId: string | null
  visit: number | null
  detail: Record<string, unknown> | null
}

/** Which figures the simulator takes from runs at each node of a document. */
interface Wanted {
  /** Nodes whose work is a person's: handling time is from claiming the task to answering it. */
  people: Set<string>
  /** Machines' work (automated steps): from entering the step to its result. */
  machines: Set<string>
  /** Work that can fail (a machine's) or be rejected (a person's, where there is a path for it). */
  failing: Set<string>
  /** Each decision's branch ids. */
  decisions: Map<string, string[]>
}

/** The nodes of the document's simulation model, by what of theirs runs can tell. */
function wantedOf(document: WorkflowDocument): Wanted {
  const wanted: Wanted = { people: new Set(), machines: new Set(), failing: new Set(), decisions: new Map() }
  for (const node of whatIfModel(document).model.nodes) {
    if (node.work?.by === 'person') wanted.people.add(node.id)
    if (node.work?.by === 'machine') wanted.machines.add(node.id)
    if (node.work?.by === 'machine' || (node.work && node.onFailure)) wanted.failing.add(node.id)
    if (node.route.kind === 'branch')
      wanted.decisions.set(
        node.id,
        node.route.options.map((option) => option.branch),
      )
  }
  return wanted
}

const minuteMs = 60_000

/**
 * Counts what the simulator needs from a workflow's event log (in order) over a period of `days`
 * ending at `to`: items started (and when), people's handling times (claimed to answered; a task
 * answered without being claimed says nothing about how long it took), machines' durations,
 * branches taken, failed or rejected visits, and overridden suggestions. Every node the simulation
 * model takes a duration, branch shares or a failure rate from is listed even when the period holds
 * none of its work, so the calibration says so.
 */
export async function observeRuns(
  document: WorkflowDocument,
  events: Iterable<RunEvent> | AsyncIterable<RunEvent>,
  period: { days: number; to: number },
): Promise<RunObservations> {
  const from = period.to - period.days * 24 * 60 * minuteMs
  const wanted = wantedOf(document)
  const durations: Record<string, number[]> = {}
  for (const node of [...wanted.people, ...wanted.machines]) durations[node] = []
  const branches: RunObservations['branches'] = {}
  for (const [node, ids] of wanted.decisions) branches[node] = Object.fromEntries(ids.map((id) => [id, 0]))
  const failures: RunObservations['failures'] = {}
  for (const node of wanted.failing) failures[node] = { visits: 0, failed: 0 }
  const verdicts: NonNullable<RunObservations['verdicts']> = {}
  const arrivalTimes: number[] = []
  const enteredAt = new Map<string, number>()
  const claimedAt = new Map<string, number>()

  for await (const event of events) {
    if (event.at < from || event.at > period.to) continue
    const node = event.nodeId
    const key = `${event.instanceId}:${node}:${event.visit}`
    switch (event.type) {
      case 'START':
        arrivalTimes.push(event.at)
        break
      case 'entered':
        enteredAt.set(key, event.at)
        break
      case 'task.claimed':
        claimedAt.set(key, event.at)
        break
      case 'task.released':
        claimedAt.delete(key)
        break
      case 'task.completed':
      case 'task.rejected': {
        const claimed = claimedAt.get(key)
        if (node && wanted.people.has(node) && claimed !== undefined)
          durations[node]!.push((event.at - claimed) / minuteMs)
        // A verdict is recorded where people judged an assistant's suggestion.
        const verdict = event.detail?.verdict
        if (node && typeof verdict === 'string') {
          const tally = (verdicts[node] ??= { verdicts: 0, overrides: 0 })
          tally.verdicts++
          if (verdict === 'override') tally.overrides++
        }
        break
      }
      case 'STEP_DONE':
      case 'STEP_FAILED':
      case 'STEP_REJECTED': {
        if (!node) break
        const entered = enteredAt.get(key)
        if (event.type === 'STEP_DONE' && wanted.machines.has(node) && entered !== undefined)
          durations[node]!.push((event.at - entered) / minuteMs)
        const tally = failures[node]
        if (tally) {
          tally.visits++
          if (event.type !== 'STEP_DONE') tally.failed++
        }
        break
      }
      case 'DECIDE': {
        const branch = event.detail?.branch
        const counts = node ? branches[node] : undefined
        if (counts && typeof branch === 'string' && branch in counts) counts[branch]!++
        break
      }
    }
  }
  return {
    days: period.days,
    arrivals: arrivalTimes.length,
    arrivalTimes,
    durations,
    branches,
    failures,
    verdicts,
  }
}
