import type { Task, TaskActor, TaskFilter } from '../service/types'
import type { Caller } from './caller'
import { roleAllows } from './roles'

/**
 * Tasks belong to whoever claimed them. Operators and admins see every task; everyone else sees
 * open tasks and their own. (Who may act on a task is checked by the service, see `taskActorOf`.)
 */
export function canSeeTask(caller: Caller, task: Task): boolean {
  return (
    roleAllows(caller.role, 'operate') ||
    task.status === 'open' ||
    task.assignee === caller.name ||
    task.completedBy === caller.actor
  )
}

/** `canSeeTask` as a task-list filter: undefined when the caller may see every task. */
export function taskVisibilityOf(caller: Caller): TaskFilter['visibleTo'] {
  return roleAllows(caller.role, 'operate') ? undefined : { name: caller.name, actor: caller.actor }
}

/** The caller as the service's task actions check them. */
export function taskActorOf(caller: Caller): TaskActor {
  return { name: caller.name, actor: caller.actor, mayActForOthers: roleAllows(caller.role, 'operate') }
}
