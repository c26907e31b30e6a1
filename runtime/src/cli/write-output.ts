import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { CliError, type CliContext } from './command'
import { fileProblem } from './read-document-file'

/**
 * Prints `text` on standard output, or writes it to `out` (relative to where the command runs)
 * and says so on standard error as `FILE: <done> OUT`.
 */
export function writeOutput(
  text: string,
  out: string | boolean | undefined,
  context: CliContext,
  { file, done }: { file: string; done: string },
): void {
  if (typeof out !== 'string') {
    context.out(text)
    return
  }
  try {
    writeFileSync(resolve(context.cwd, out), text)
  } catch (error) {
    throw new CliError(`${out}: cannot write: ${fileProblem(error)}`)
  }
  context.err(`${file}: ${done} ${out}\n`)
}
