import { ConfigError } from '../config'
import { ConflictError } from '../service/errors'
import type { ConveyorService } from '../service/types'

export const firstAdminName = 'admin'

export async function hasActiveAdmin(service: ConveyorService): Promise<boolean> {
  const tokens = await service.listTokens()
  return tokens.some((token) => token.role === 'admin' && !token.revokedAt)
}

/**
 * Makes sure someone can sign in. With CONVEYOR_ADMIN_TOKEN set, that secret is an admin token
 * (added the first time it is seen). Without it, the very first start issues an admin token and
 * returns its secret so it can be shown once; later starts return nothing.
 */
export async function bootstrapAdmin(
  service: ConveyorService,
  configuredToken: string | undefined,
): Promise<string | undefined> {
  if (configuredToken) {
    if (await service.verifyToken(configuredToken)) return undefined
    try {
      await service.createToken({
        name: firstAdminName,
        role: 'admin',
        secret: configuredToken,
        by: 'system',
      })
    } catch (error) {
      // Its hash is taken: the token exists but was revoked. Reviving it silently would undo the revocation.
      if (error instanceof ConflictError) {
        throw new ConfigError('CONVEYOR_ADMIN_TOKEN has been revoked; set it to a new secret')
      }
      throw error
    }
    return undefined
  }
  if ((await service.listTokens()).length > 0) return undefined
  const created = await service.createToken({ name: firstAdminName, role: 'admin', by: 'system' })
  return created.secret
}
