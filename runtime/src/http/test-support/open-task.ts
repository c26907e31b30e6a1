import type { Task } from '@conveyor/shared/protocol/api'
import { vi } from 'vitest'
import type { callApiForJson } from './api-calls'

/** A call to a running server as someone who may read every task (see `callApiForJson`). */
type ReadTasks = (method: 'GET', path: string) => ReturnType<typeof callApiForJson>

/** An instance's open task, once the engine has made it (a person's step, a step switched to manual). */
export function openTaskOf(call: ReadTasks, instanceId: string): Promise<Task> {
  return vi.waitFor(
    async () => {
      const [task] = (await call('GET', `/api/tasks?instanceId=${instanceId}&status=open`)).body
        .items as Task[]
      if (!task) throw new Error(`no open task for ${instanceId}`)
      return task
    },
    { timeout: 10_000, interval: 10 },
  )
}
