import { NotFoundError } from '../service/errors'
import type { ConveyorService } from '../service/types'
import type { CollabAccess } from './admission'

/**
 * Who may open a workflow's live document, by the runtime's API tokens: a token that verifies
 * gives its role on every workflow that exists (tokens are not scoped to workflows), as the person
 * it was issued to. A revoked token verifies no more.
 */
export function collabAuthorizer(
  service: Pick<ConveyorService, 'verifyToken' | 'getWorkflow'>,
): (secret: string, workflowId: string) => Promise<CollabAccess | null> {
  return async (secret, workflowId) => {
    const token = await service.verifyToken(secret)
    if (!token) return null
    try {
      await service.getWorkflow(workflowId)
    } catch (error) {
      if (error instanceof NotFoundError) return null
      throw error
    }
    return { role: token.role, person: token.name }
  }
}
