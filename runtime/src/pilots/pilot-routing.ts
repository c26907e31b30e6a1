import { createHash } from 'node:crypto'
import type { DeploymentCache, LoadedDeployment } from '../engine/deployments'
import type { Pilot, PilotTable } from './pilot-table'

/**
 * Where a pilot's share falls for one start, in [0, 1): from the start's key (its idempotency key or
 * webhook delivery, else the new instance's id), so a retried start lands on the same side, and
 * from the pilot, so each pilot draws its own share.
 */
export function pilotDraw(pilot: Pick<Pilot, 'workflowId' | 'version'>, key: string): number {
  const digest = createHash('sha256').update(`${pilot.workflowId}\u0000${pilot.version}\u0000${key}`).digest()
  return digest.readUInt32BE(0) / 2 ** 32
}

/** Chooses the deployment a new instance starts on: the current version, or its running pilot. */
export class PilotRouting {
  constructor(
    private readonly table: Pick<PilotTable, 'running'>,
    private readonly deployments: Pick<DeploymentCache, 'get'>,
  ) {}

  async choose(
    current: LoadedDeployment,
    key: string,
    input: Record<string, unknown>,
  ): Promise<LoadedDeployment> {
    const pilot = this.table.running(current.workflowId)
    if (!pilot || pilot.baselineVersion !== current.version) return current
    const deployment = await this.deployments.get(`${pilot.workflowId}@${pilot.version}`)
    if (!deployment) return current
    const taken = await this.takes(pilot, deployment, key, input)
    // The pilot may have ended while its segment was being evaluated.
    return taken && pilot.state === 'running' ? deployment : current
  }

  private async takes(
    pilot: Pilot,
    deployment: LoadedDeployment,
    key: string,
    input: Record<string, unknown>,
  ): Promise<boolean> {
    const { share, segment } = pilot.settings
    if (share !== undefined) return pilotDraw(pilot, key) < share
    if (segment === undefined) return false
    try {
      return (await deployment.expressions.get(segment).evaluate(input)) === true
    } catch {
      // An input the segment cannot judge (a missing field, a runaway) stays on the current version.
      return false
    }
  }
}
