import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createConveyorService, type SqliteConveyorService } from '..'
import type { InstanceDetail, InstanceStatus, ServiceOptions } from '../types'

export interface Harness {
  service: SqliteConveyorService
  dataDir: string
  /** Moves the service's clock (timers, SLAs) forward; resolves once the timers due then are fired. */
  advance(ms: number): Promise<void>
  close(): Promise<void>
}

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'conveyor-test-'))
}

/** A service on a fresh SQLite file in a temp dir, with a clock the test can move. */
export async function openHarness(options: ServiceOptions = {}, dataDir = tempDataDir()): Promise<Harness> {
  let offset = 0
  const service = await createConveyorService({ dataDir, now: () => Date.now() + offset, ...options })
  return {
    service,
    dataDir,
    advance(ms) {
      offset += ms
      return service.engine.timers.tick()
    },
    async close() {
      await service.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** Waits until the instance reaches one of the statuses (polling the committed state). */
export async function waitForStatus(
  service: SqliteConveyorService,
  instanceId: string,
  statuses: InstanceStatus[],
  timeoutMs = 10_000,
): Promise<InstanceDetail> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const instance = await service.getInstance(instanceId)
    if (statuses.includes(instance.status)) return instance
    if (Date.now() > deadline) {
      throw new Error(
        `instance ${instanceId} is ${instance.status} at ${instance.activeNodes.join(', ')}, not ${statuses.join('/')}`,
      )
    }
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/** Waits for the instance's open task at a node. */
export async function waitForTask(service: SqliteConveyorService, instanceId: string, nodeId: string) {
  const deadline = Date.now() + 10_000
  for (;;) {
    const { items } = await service.listTasks({ instanceId })
    const task = items.find((t) => t.nodeId === nodeId && (t.status === 'open' || t.status === 'claimed'))
    if (task) return task
    if (Date.now() > deadline) {
      const instance = await service.getInstance(instanceId)
      throw new Error(
        `no open task at ${nodeId}; instance is ${instance.status} at ${instance.activeNodes.join(', ')}`,
      )
    }
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
