import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadConfig } from './config'
import { runUntilSignalled } from './http/run-until-signalled'
import { describeStartFailure } from './http/start-server'

/** `pnpm start`: the editor, the API and the runtime on one port, until SIGTERM or SIGINT. */
export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await runUntilSignalled(loadConfig(env), {
    say: (line) => console.log(line),
    log: (line) => console.error(line),
    accessLog: env.CONVEYOR_ACCESS_LOG === '1' ? (line) => console.log(line) : undefined,
  })
}

const runDirectly =
  process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)
if (runDirectly) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(describeStartFailure(error))
      process.exit(1)
    },
  )
}
