import { loadConfig } from '../../config'
import { runUntilSignalled } from '../../http/run-until-signalled'
import { describeStartFailure } from '../../http/start-server'
import { CliError, exitCodes, type Command } from '../command'

export const serveCommand: Command = {
  usage: '[--host HOST] [--port PORT] [--data DIR]',
  summary: 'serve the editor, the API and the runtime on one port (like `pnpm start`, without building)',
  details: [
    '--host HOST   address to listen on (default $HOST or 127.0.0.1); beyond loopback needs CONVEYOR_ADMIN_TOKEN',
    '--port PORT   port (default $PORT or 3000; 0 picks a free one)',
    '--data DIR    folder of the SQLite database (default $CONVEYOR_DATA or ./data)',
    'Stops cleanly on Ctrl-C or SIGTERM.',
  ],
  options: { host: { type: 'string' }, port: { type: 'string' }, data: { type: 'string' } },
  async run({ values }, context) {
    const env = { ...process.env }
    if (typeof values.host === 'string') env.HOST = values.host
    if (typeof values.port === 'string') env.PORT = values.port
    if (typeof values.data === 'string') env.CONVEYOR_DATA = values.data
    try {
      await runUntilSignalled(loadConfig(env, context.cwd), {
        say: (line) => context.out(`${line}\n`),
        log: (line) => context.err(`${line}\n`),
        accessLog: env.CONVEYOR_ACCESS_LOG === '1' ? (line) => context.out(`${line}\n`) : undefined,
      })
    } catch (error) {
      throw new CliError(describeStartFailure(error))
    }
    return exitCodes.ok
  },
}
