import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { CliError } from './command'

const reasons: Record<string, string> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'no such file or directory',
  EISDIR: 'is a directory, not a file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
}

/** Why a file operation failed, in a few words. */
export function fileProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  if (code && reasons[code]) return reasons[code]
  return error instanceof Error ? error.message : String(error)
}

/** Reads a workflow file named relative to `cwd`; a leading byte-order mark is dropped. */
export function readDocumentFile(file: string, cwd: string): string {
  try {
    return readFileSync(resolve(cwd, file), 'utf8').replace(/^\uFEFF/, '')
  } catch (error) {
    throw new CliError(`${file}: cannot read: ${fileProblem(error)}`)
  }
}
