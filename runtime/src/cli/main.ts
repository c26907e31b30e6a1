import { pathToFileURL } from 'node:url'
import type { CliContext, Command } from './command'
import { compileCommand } from './commands/compile'
import { exportCommand } from './commands/export'
import { importCommand } from './commands/import'
import { migrateCommand } from './commands/migrate'
import { secretsCommand } from './commands/secrets'
import { serveCommand } from './commands/serve'
import { tokensCommand } from './commands/tokens'
import { validateCommand } from './commands/validate'
import { runCli } from './run-cli'

/** The `conveyor` subcommands; adding one is one entry here. */
export const commands: Readonly<Record<string, Command>> = {
  validate: validateCommand,
  compile: compileCommand,
  import: importCommand,
  export: exportCommand,
  serve: serveCommand,
  tokens: tokensCommand,
  secrets: secretsCommand,
  migrate: migrateCommand,
}

function processContext(): CliContext {
  return {
    // `pnpm conveyor` runs from the repository root; INIT_CWD is where the user typed it.
    cwd: process.env.INIT_CWD ?? process.cwd(),
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    readInput: async () => {
      const chunks: Buffer[] = []
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
      return Buffer.concat(chunks).toString('utf8')
    },
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runCli(commands, process.argv.slice(2), processContext())
}
