import { isDeepStrictEqual } from 'node:util'
import { partitionOf } from '../cluster/partitions'
import type { TaskActions } from '../engine/task-actions'
import { taskRow, type TaskRow } from '../store/repositories/task-rows'
import type { SqlExecutor } from '../store/sql'
import type { Queries } from './queries'
import type { RoutedCall, RoutedCalls } from './routed-calls'
import type { Actor, Task, TaskActor, TaskCompletion } from './types'

interface ClaimTask {
  taskId: string
  actingAs: TaskActor
}
interface ReleaseTask {
  taskId: string
  by: Actor
  actingAs?: TaskActor
  /** When the release was asked for (ms). */
  at: number
}
interface CompleteTask {
  taskId: string
  completion: TaskCompletion
  actingAs?: TaskActor
}
interface RejectTask {
  taskId: string
  reason?: string
  by: Actor
  actingAs?: TaskActor
}

/**
 * People's actions on tasks, each run by the owner of the task's instance, so that the engine's
 * lock on a task being acted on (held in that process's memory) sees every action on it.
 *
 * A command run again after a takeover recognises its own earlier run by the task's row, which
 * already holds who closed it and with what (completed by the same person with the same data and
 * branch, rejected by the same person, open or claimed again since a release was asked for): it
 * answers as that run did, not with a conflict or a second change.
 * A request that was not run before still gets its conflict. The row is enough, so the engine's
 * batches carry no command ids.
 */
export class RoutedTasks {
  private readonly claimCall: RoutedCall<ClaimTask, void>
  private readonly releaseCall: RoutedCall<ReleaseTask, void>
  private readonly completeCall: RoutedCall<CompleteTask, void>
  private readonly rejectCall: RoutedCall<RejectTask, void>

  constructor(
    calls: RoutedCalls,
    private readonly tasks: Pick<TaskActions, 'claim' | 'release' | 'complete' | 'reject'>,
    private readonly queries: Pick<Queries, 'getTask'>,
    sql: SqlExecutor,
    private readonly now: () => number,
  ) {
    // A claim by the one who holds it already succeeds as it is: a rerun needs no care.
    this.claimCall = calls.define('task.claim', ({ taskId, actingAs }: ClaimTask) =>
      tasks.claim(taskId, actingAs),
    )
    this.releaseCall = calls.define('task.release', async (p: ReleaseTask, retaken) => {
      if (retaken && releasedSince(await taskRow(sql, p.taskId), p.at)) return
      await tasks.release(p.taskId, p.by, p.actingAs)
    })
    this.completeCall = calls.define('task.complete', async (p: CompleteTask, retaken) => {
      if (retaken && completedBy(await this.task(p.taskId), p.completion)) return
      await tasks.complete(p.taskId, p.completion, p.actingAs)
    })
    this.rejectCall = calls.define('task.reject', async (p: RejectTask, retaken) => {
      const task = retaken ? await this.task(p.taskId) : undefined
      if (task?.status === 'rejected' && task.completedBy === p.by) return
      await tasks.reject(p.taskId, p.reason, p.by, p.actingAs)
    })
  }

  claim(taskId: string, actingAs: TaskActor): Promise<void> {
    return this.claimCall(this.partOf(taskId), { taskId, actingAs })
  }

  release(taskId: string, by: Actor, actingAs?: TaskActor): Promise<void> {
    return this.releaseCall(this.partOf(taskId), { taskId, by, actingAs, at: this.now() })
  }

  complete(taskId: string, completion: TaskCompletion, actingAs?: TaskActor): Promise<void> {
    return this.completeCall(this.partOf(taskId), { taskId, completion, actingAs })
  }

  reject(taskId: string, reason: string | undefined, by: Actor, actingAs?: TaskActor): Promise<void> {
    return this.rejectCall(this.partOf(taskId), { taskId, reason, by, actingAs })
  }

  private task(taskId: string): Promise<Task> {
    return this.queries.getTask(taskId)
  }

  /** The partition of the task's instance; a task that does not exist is a 404 here. */
  private partOf(taskId: string) {
    return async () => partitionOf((await this.task(taskId)).instanceId)
  }
}

/**
 * The task is open, or was claimed again after the release was asked for: it was open since, so the
 * earlier run released it (a claim made since is someone else's, and stays).
 */
function releasedSince(task: TaskRow | undefined, askedAt: number): boolean {
  return task?.status === 'open' || (task?.status === 'claimed' && (task.claimed_at ?? 0) > askedAt)
}

/** The task was completed as `completion` asks: by the same person, with the same data and branch. */
function completedBy(task: Task, completion: TaskCompletion): boolean {
  return (
    task.status === 'completed' &&
    (completion.by === undefined || task.completedBy === completion.by) &&
    isDeepStrictEqual(task.result ?? {}, completion.data ?? {}) &&
    task.branch === completion.branch
  )
}
