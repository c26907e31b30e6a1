import type { Task } from '../service/types'
import type { Caller } from './caller'
import { roleAllows } from './roles'

/**
 * Tasks belong to whoever claimed them. Operators and admins see and act on every task; everyone
 * else sees open tasks and their own, and acts only on open tasks and their own.
 */
export function canSeeTask(caller: Caller, task: Task): boolean {
  return (
    roleAllows(caller.role, 'operate') ||
    task.status === 'open' ||
    task.assignee === caller.name ||
    task.completedBy === caller.actor
  )
}

export function canActOnTask(caller: Caller, task: Task): boolean {
  return roleAllows(caller.role, 'operate') || task.assignee === undefined || task.assignee === caller.name
}
