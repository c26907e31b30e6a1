import { roles, type Role } from '../../auth/roles'
import { isLaneId } from '../../service/lane-members'
import type { ApiToken, ConveyorService } from '../../service/types'
import { CliError, exitCodes, type Command, type CliContext } from '../command'
import { dataFolderOf, withService } from '../data-folder-service'

const namePattern = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$/

function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value)
}

function formatToken(token: ApiToken): string {
  const state = token.revokedAt ? `revoked ${token.revokedAt}` : `last used ${token.lastUsedAt ?? 'never'}`
  return `${token.id}  ${token.role.padEnd(8)}  ${token.name}  (created ${token.createdAt} by ${token.createdBy}; ${state})`
}

async function create(
  service: ConveyorService,
  values: Record<string, unknown>,
  context: CliContext,
): Promise<number> {
  const { name, role, lanes } = values
  if (typeof name !== 'string' || !namePattern.test(name)) {
    throw new CliError(
      'tokens create needs --name NAME (letters, digits, ".", "_", "@", "-")',
      exitCodes.usage,
    )
  }
  if (!isRole(role))
    throw new CliError(`tokens create needs --role, one of: ${roles.join(', ')}`, exitCodes.usage)
  const laneIds =
    typeof lanes === 'string'
      ? lanes
          .split(',')
          .map((lane) => lane.trim())
          .filter(Boolean)
      : []
  const wrongLane = laneIds.find((lane) => !isLaneId(lane))
  if (wrongLane !== undefined)
    throw new CliError(
      `--lanes: "${wrongLane}" is not a lane id (letters, digits, "-", "_")`,
      exitCodes.usage,
    )
  const created = await service.createToken({ name, role, by: 'cli' })
  for (const lane of laneIds) await service.addLaneMember(lane, name, 'cli')
  const inLanes = laneIds.length > 0 ? ` in lanes ${laneIds.join(', ')}` : ''
  context.out(
    `Created ${role} token ${created.token.id} for ${name}${inLanes}. Its secret, shown only now:\n${created.secret}\n`,
  )
  return exitCodes.ok
}

export const tokensCommand: Command = {
  usage: 'create --role ROLE --name NAME [--lanes A,B] | list | revoke ID   [--data DIR]',
  summary: 'issue, list and revoke API tokens, straight in the data folder',
  details: [
    `create    issue a token; --role is one of ${roles.join(', ')}; prints its secret once`,
    '          --lanes A,B makes the person a member of those lanes (lane ids): their tasks become theirs',
    'list      every token with its role and state (never the secrets)',
    'revoke ID stop a token from working',
    '--data DIR  folder of the SQLite database (default $CONVEYOR_DATA or ./data)',
  ],
  options: {
    role: { type: 'string' },
    name: { type: 'string' },
    lanes: { type: 'string' },
    data: { type: 'string' },
  },
  async run({ positionals, values }, context) {
    const [action, ...rest] = positionals
    const dataDir = dataFolderOf(values, context)
    switch (action) {
      case 'create':
        return withService(dataDir, (service) => create(service, values, context))
      case 'list':
        return withService(dataDir, async (service) => {
          const tokens = await service.listTokens()
          context.out(tokens.length ? `${tokens.map(formatToken).join('\n')}\n` : 'No tokens yet.\n')
          return exitCodes.ok
        })
      case 'revoke': {
        const [id] = rest
        if (!id) throw new CliError('tokens revoke needs the token ID (see `tokens list`)', exitCodes.usage)
        return withService(dataDir, async (service) => {
          const token = await service.revokeToken(id, 'cli')
          context.out(`Revoked ${token.role} token ${token.id} of ${token.name}.\n`)
          return exitCodes.ok
        })
      }
      default:
        throw new CliError('tokens needs an action: create, list or revoke', exitCodes.usage)
    }
  },
}
