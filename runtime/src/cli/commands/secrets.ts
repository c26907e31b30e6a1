import { secretNamePattern } from '@conveyor/shared'
import type { SecretSummary } from '../../service/types'
import { CliError, exitCodes, type Command } from '../command'
import { dataFolderOf, withService } from '../data-folder-service'

const formatSecret = (secret: SecretSummary) =>
  `${secret.name}  (set ${secret.updatedAt} by ${secret.updatedBy})`

export const secretsCommand: Command = {
  usage: 'set NAME | list   [--data DIR]',
  summary: 'store and list the secrets connectors use, straight in the data folder',
  details: [
    'set NAME  store the value read from standard input under NAME (replacing it); one trailing newline is dropped',
    'list      every secret by name (never the values)',
    '--data DIR  folder of the SQLite database (default $CONVEYOR_DATA or ./data)',
    "The key is CONVEYOR_SECRET_KEY when set, else the data folder's secret.key: the same as the server's.",
  ],
  options: { data: { type: 'string' } },
  async run({ positionals, values }, context) {
    const [action, name, ...extra] = positionals
    const dataDir = dataFolderOf(values, context)
    switch (action) {
      case 'set': {
        if (!name || extra.length > 0 || !secretNamePattern.test(name)) {
          throw new CliError(
            'secrets set needs one NAME: a letter, then letters, digits and "_" (64 at most)',
            exitCodes.usage,
          )
        }
        // A value typed at a terminal or piped with echo ends in a newline that is not part of it.
        const value = (await context.readInput()).replace(/\r?\n$/, '')
        return withService(dataDir, async (service) => {
          const { created } = await service.setSecret({ name, value, by: 'cli', mode: 'replace' })
          context.out(`${created ? 'Stored' : 'Replaced'} secret ${name}.\n`)
          return exitCodes.ok
        })
      }
      case 'list':
        return withService(dataDir, async (service) => {
          const secrets = await service.listSecrets()
          context.out(secrets.length ? `${secrets.map(formatSecret).join('\n')}\n` : 'No secrets yet.\n')
          return exitCodes.ok
        })
      default:
        throw new CliError('secrets needs an action: set or list', exitCodes.usage)
    }
  },
}
