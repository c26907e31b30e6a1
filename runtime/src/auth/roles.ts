import type { Role } from '../service/types'

export type { Role } from '../service/types'

export const roles = ['viewer', 'editor', 'operator', 'admin'] as const satisfies readonly Role[]

/** What a caller may do; every route names exactly one of these. */
export type Permission =
  | 'read' // workflows, examples, deployments, instances, incidents, metrics, open tasks and one's own
  | 'design' // create, change, delete and deploy workflows; manage their webhook secrets
  | 'start' // start instances by hand
  | 'work' // claim, complete, release and reject open tasks and tasks claimed by oneself
  | 'operate' // cancel instances, resolve incidents, see and act on anyone's task, read the audit log
  | 'administer' // manage tokens

/** Each role includes everything the roles before it may do. */
const rank: Record<Role, number> = { viewer: 0, editor: 1, operator: 2, admin: 3 }

const lowestRole: Record<Permission, Role> = {
  read: 'viewer',
  design: 'editor',
  start: 'editor',
  work: 'editor',
  operate: 'operator',
  administer: 'admin',
}

export function roleAllows(role: Role, permission: Permission): boolean {
  return rank[role] >= rank[lowestRole[permission]]
}

export function lowestRoleFor(permission: Permission): Role {
  return lowestRole[permission]
}
