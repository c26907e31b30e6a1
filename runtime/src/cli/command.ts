import type { ParseArgsConfig } from 'node:util'

/** Where a command reads relative paths from and writes its output to. */
export interface CliContext {
  /** The directory the user ran the command in (pnpm passes it as INIT_CWD). */
  cwd: string
  out(text: string): void
  err(text: string): void
  /** All of standard input, for values that must not appear on a command line (secrets). */
  readInput(): Promise<string>
}

export interface CommandInput {
  positionals: string[]
  values: Record<string, string | boolean | undefined>
}

/** One subcommand of `conveyor`. The dispatcher parses its options and prints its help. */
export interface Command {
  /** Arguments after the command name, as shown in help, e.g. `FILE [--json]`. */
  usage: string
  /** One line for the list of commands. */
  summary: string
  /** One line per option or argument for `conveyor <command> --help`. */
  details: string[]
  options: NonNullable<ParseArgsConfig['options']>
  run(input: CommandInput, context: CliContext): number | Promise<number>
}

export const exitCodes = { ok: 0, failed: 1, usage: 2 } as const

/** A problem with the command line or its files, reported as one readable line and an exit code. */
export class CliError extends Error {
  override readonly name = 'CliError'

  constructor(
    message: string,
    readonly exitCode: number = exitCodes.failed,
  ) {
    super(message)
  }
}

/** The single FILE argument of a command. */
export function singleFile(positionals: string[]): string {
  const [file, ...extra] = positionals
  if (file === undefined)
    throw new CliError('missing FILE: name the workflow document to read', exitCodes.usage)
  if (extra.length > 0) {
    throw new CliError(
      `expects one FILE, got ${positionals.length}: ${positionals.join(', ')}`,
      exitCodes.usage,
    )
  }
  return file
}
