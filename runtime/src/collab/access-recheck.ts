import type { Authorize } from './admission'
import { closeCodes, type CollabConnection } from './collab-connection'

/** An open connection and the token that admitted it. */
export interface AdmittedConnection {
  connection: CollabConnection
  token: string
  workflowId: string
}

/**
 * Asks again whether each open connection's token still gives access (once per token and
 * workflow), and closes with 4401 the connections of tokens that no longer do: revoked, or their
 * workflow deleted. A token revoked by another process (the `tokens revoke` command) is only seen
 * this way. A check that fails keeps the connections open: it is reported and asked again later.
 */
export async function recheckAccess(
  admitted: Iterable<AdmittedConnection>,
  authorize: Authorize,
  reportError: (error: unknown, workflowId: string) => void,
): Promise<void> {
  const byGrant = new Map<string, AdmittedConnection[]>()
  for (const entry of admitted) {
    const key = `${entry.workflowId}\n${entry.token}`
    byGrant.set(key, [...(byGrant.get(key) ?? []), entry])
  }
  await Promise.all(
    [...byGrant.values()].map(async (entries) => {
      const { token, workflowId } = entries[0]!
      try {
        if (await authorize(token, workflowId)) return
      } catch (error) {
        reportError(error, workflowId)
        return
      }
      for (const { connection } of entries) connection.close(closeCodes.unauthenticated, 'access revoked')
    }),
  )
}
