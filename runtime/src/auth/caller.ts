import type { Actor, ApiToken, Role } from '../service/types'

/** Who is making a request, resolved from their token. */
export interface Caller {
  tokenId: string
  /** The person or system the token was issued to; also the assignee of the tasks they claim. */
  name: string
  role: Role
  /** As recorded in the audit log. */
  actor: Actor
}

export function callerFromToken(token: ApiToken): Caller {
  return { tokenId: token.id, name: token.name, role: token.role, actor: `user:${token.name}` }
}
