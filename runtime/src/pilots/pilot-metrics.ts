import type { PilotState } from '@conveyor/shared/protocol/pilots'
import type { Family } from '../metrics/prometheus'
import { instancesPerVersion } from '../store/repositories/ended-item-rows'
import type { SqlExecutor } from '../store/sql'
import type { PilotTable } from './pilot-table'

const states: PilotState[] = ['running', 'rolled-back', 'promoted', 'ended']

/**
 * Prometheus families of versions and pilots: instances started per version (where a pilot's
 * share goes shows here) and each pilot's state as a gauge, 1 for the state it is in.
 */
export async function pilotFamilies(
  sql: SqlExecutor,
  table: Pick<PilotTable, 'list'>,
  workflowIds: string[],
): Promise<Family[]> {
  const started: Family = {
    name: 'conveyor_version_instances_started_total',
    help: 'Instances started per deployment version',
    type: 'counter',
    samples: [],
  }
  const pilotState: Family = {
    name: 'conveyor_pilot_state',
    help: 'A pilot deployment in each state: 1 for the state it is in',
    type: 'gauge',
    samples: [],
  }
  for (const workflow of workflowIds) {
    for (const row of await instancesPerVersion(sql, workflow)) {
      started.samples.push({ labels: { workflow, version: String(row.version) }, value: row.n })
    }
    for (const pilot of table.list(workflow)) {
      for (const state of states) {
        const labels = { workflow, version: String(pilot.version), state }
        pilotState.samples.push({ labels, value: pilot.state === state ? 1 : 0 })
      }
    }
  }
  return [started, pilotState]
}
