import pg from 'pg'
import { applyPostgresMigrations } from '../postgres/postgres-migrate'
import { copyDataFolder, type CopyOptions, type CopyReport } from './copy-data-folder'
import { CopyRefusedError } from './copy-refused'

export { CopyRefusedError } from './copy-refused'
export type { CopiedTable, CopyReport, TableProgress } from './copy-data-folder'

/**
 * Copies the data folder into the empty PostgreSQL database at `url`, applying the schema there
 * first, and verifies the copy (see copyDataFolder).
 */
export async function copyDataFolderToPostgres(
  dataDir: string,
  url: string,
  options: CopyOptions = {},
): Promise<CopyReport> {
  const client = new pg.Client({ connectionString: url })
  try {
    await client.connect()
  } catch (error) {
    throw new CopyRefusedError(`Cannot connect to PostgreSQL at ${withoutPassword(url)}: ${messageOf(error)}`)
  }
  // A dropped connection is reported by the query that needs it; this only keeps it from crashing the process.
  client.on('error', () => {})
  try {
    return await copyDataFolder(dataDir, client, applyPostgresMigrations, options)
  } finally {
    await client.end()
  }
}

/** The URL as it may be shown: the password replaced. */
export function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return '(an address that is not a URL)'
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error))
