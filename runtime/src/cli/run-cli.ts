import { parseArgs } from 'node:util'
import { CliError, exitCodes, type CliContext, type Command, type CommandInput } from './command'

const program = 'conveyor'

/** Runs one command line against a table of subcommands; returns the exit code, never throws. */
export async function runCli(
  commands: Readonly<Record<string, Command>>,
  argv: readonly string[],
  context: CliContext,
): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    context.out(programHelp(commands))
    return name === undefined ? exitCodes.usage : exitCodes.ok
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined
  if (!command) {
    context.err(`${program}: unknown command "${name}". Commands: ${Object.keys(commands).join(', ')}.\n`)
    context.err(`Run "${program} --help" for usage.\n`)
    return exitCodes.usage
  }
  try {
    const { values, positionals } = parseCommandLine(command, rest)
    if (values.help) {
      context.out(commandHelp(name, command))
      return exitCodes.ok
    }
    return await command.run({ values, positionals }, context)
  } catch (error) {
    if (error instanceof CliError) {
      context.err(`${program} ${name}: ${error.message}\n`)
      if (error.exitCode === exitCodes.usage) context.err(`Run "${program} ${name} --help" for usage.\n`)
      return error.exitCode
    }
    const reason = error instanceof Error ? error.message : String(error)
    context.err(`${program} ${name}: unexpected failure: ${reason}\n`)
    return exitCodes.failed
  }
}

function parseCommandLine(command: Command, args: string[]): CommandInput {
  try {
    const { values, positionals } = parseArgs({
      args,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    })
    // No option is declared `multiple`, so every value is a single string or boolean.
    return { values: values as CommandInput['values'], positionals }
  } catch (error) {
    // Node words these for its own developers ("To specify a positional argument…"); keep the first sentence.
    const sentence = error instanceof Error ? error.message.split('. ')[0]!.replace(/\.$/, '') : String(error)
    throw new CliError(sentence.charAt(0).toLowerCase() + sentence.slice(1), exitCodes.usage)
  }
}

function programHelp(commands: Readonly<Record<string, Command>>): string {
  const lines = Object.entries(commands).map(([name, command]) => [
    `${name} ${command.usage}`,
    command.summary,
  ])
  const width = Math.max(...lines.map(([usage]) => usage!.length))
  return [
    `Usage: ${program} <command> [options]   (from the repository: pnpm ${program} <command> …)`,
    '',
    'Commands:',
    ...lines.map(([usage, summary]) => `  ${usage!.padEnd(width)}  ${summary}`),
    '',
    `Run "${program} <command> --help" for a command's options.`,
    'Exit codes: 0 done, 1 the document has errors or a file cannot be read or written, 2 wrong usage.',
    '',
  ].join('\n')
}

function commandHelp(name: string, command: Command): string {
  return [
    `Usage: ${program} ${name} ${command.usage}`,
    '',
    `${command.summary[0]!.toUpperCase()}${command.summary.slice(1)}.`,
    '',
    ...command.details.map((line) => `  ${line}`),
    '',
  ].join('\n')
}
