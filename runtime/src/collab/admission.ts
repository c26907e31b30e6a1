import { Id } from '@conveyor/shared'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { Role } from '../service/types'
import { closeCodes } from './collab-connection'
import { isOriginAllowed, presentedToken } from './upgrade-guard'

/** What a token gives on one workflow's live document. */
export interface CollabAccess {
  role: Role
  /** The person the token was issued to: the author of their comments, the one their edits are audited as. */
  person: string
}

/** The caller's access to this workflow, or null when the token gives none. */
export type Authorize = (
  token: string,
  workflowId: string,
) => CollabAccess | null | Promise<CollabAccess | null>

/**
 * What becomes of a request to join a workflow's live document:
 * - `answered`: an HTTP error instead of the upgrade, for requests that are wrong in themselves;
 * - `refused`: no token, or no access. The upgrade completes only to say so with a close code
 *   (4401, 4403): browsers hide the status of a refused handshake, and y-websocket clients stop
 *   retrying on 4400–4499 and learn why. Nothing the client sends is read (see accept-upgrades);
 * - `admitted`: the token gives this access.
 */
export type Admission =
  | { kind: 'answered'; status: ContentfulStatusCode; code: string; message: string }
  | { kind: 'refused'; code: number; reason: string }
  | { kind: 'admitted'; workflowId: string; token: string; access: CollabAccess }

export interface AdmissionPolicy {
  authorize: Authorize
  allowedOrigins: readonly string[]
  /** True once the collaboration is shutting down. */
  closing(): boolean
  reportError(error: unknown, workflowId: string): void
}

/** Decides, before the upgrade, whether a request may join `workflowId`'s live document. */
export async function admit(
  request: Request,
  workflowId: string,
  policy: AdmissionPolicy,
): Promise<Admission> {
  if (request.headers.get('upgrade')?.toLowerCase() !== 'websocket') {
    return answer(426, 'upgrade_required', 'Connect with a WebSocket (y-websocket protocol)')
  }
  const origin = request.headers.get('origin') ?? undefined
  if (!isOriginAllowed(origin, request.headers.get('host') ?? undefined, policy.allowedOrigins)) {
    return answer(403, 'forbidden_origin', `Pages from ${origin} may not open this workflow`)
  }
  const parsedId = Id.safeParse(workflowId)
  if (!parsedId.success) {
    const reason = parsedId.error.issues[0]?.message ?? 'is not valid'
    return answer(400, 'invalid_workflow_id', `Workflow id "${workflowId}" ${reason}`)
  }
  if (policy.closing()) return answer(503, 'shutting_down', 'The runtime is shutting down')
  const token = presentedToken(request)
  if (!token) return { kind: 'refused', code: closeCodes.unauthenticated, reason: 'sign in first' }
  let access: CollabAccess | null
  try {
    access = await policy.authorize(token, workflowId)
  } catch (error) {
    policy.reportError(error, workflowId)
    return answer(500, 'internal', 'Could not check access to this workflow')
  }
  if (!access) return { kind: 'refused', code: closeCodes.forbidden, reason: 'no access to this workflow' }
  return { kind: 'admitted', workflowId, token, access }
}

function answer(status: ContentfulStatusCode, code: string, message: string): Admission {
  return { kind: 'answered', status, code, message }
}
