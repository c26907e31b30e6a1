import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { secretKeyVariable } from '../../config'
import { secretKeyFileName } from '../../secrets/secret-key'
import {
  copyDataFolderToPostgres,
  CopyRefusedError,
  withoutPassword,
  type CopyReport,
} from '../../store/copy-to-postgres'
import { CliError, exitCodes, type Command } from '../command'
import { dataFolderOf } from '../data-folder-service'
import { migrateProgress } from './migrate-progress'

export const migrateCommand: Command = {
  usage: '--to postgres://USER:PASSWORD@HOST:PORT/DATABASE [--data DIR]',
  summary: 'copy a data folder into an empty PostgreSQL database and verify the copy',
  details: [
    '--to URL     the PostgreSQL database to fill: it must hold no Conveyor rows (a new database)',
    '--data DIR   the data folder to copy (default $CONVEYOR_DATA, else ./data); it is only read',
    'Stop the server on the folder first. The schema is applied to the database, every table is',
    'copied with its ids, and the copy is verified (row counts per table, the audit hash chain read',
    'back from PostgreSQL) before it is committed: a copy that fails leaves the database without rows.',
    'Progress goes to standard error, one line per table and one per 100,000 rows of a large table.',
    'Exit codes: 0 copied and verified, 1 refused or not verified (the message names the table), 2 usage.',
  ],
  options: { to: { type: 'string' }, data: { type: 'string' } },
  async run({ positionals, values }, context) {
    if (positionals.length > 0) {
      throw new CliError(`takes no arguments, got ${positionals.join(', ')}`, exitCodes.usage)
    }
    const url = values.to
    if (typeof url !== 'string' || !/^postgres(ql)?:\/\//.test(url)) {
      throw new CliError('--to needs the URL of a PostgreSQL database, postgres://…', exitCodes.usage)
    }
    const dataDir = dataFolderOf(values, context)
    const started = performance.now()
    let report: CopyReport
    try {
      context.err(`Copying ${dataDir} to ${withoutPassword(url)}…\n`)
      report = await copyDataFolderToPostgres(dataDir, url, migrateProgress(context.err))
    } catch (error) {
      if (error instanceof CopyRefusedError) throw new CliError(error.message)
      throw error
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1)
    context.out(formatReport(report, `${dataDir} to ${withoutPassword(url)}`, seconds))
    if (!process.env[secretKeyVariable] && existsSync(join(dataDir, secretKeyFileName))) {
      // Secrets and webhook secrets were copied sealed: without this key the servers cannot open them.
      context.out(
        `Stored secrets stay sealed with ${join(dataDir, secretKeyFileName)}: give the servers on PostgreSQL ` +
          `that key, ${secretKeyVariable}="$(cat ${join(dataDir, secretKeyFileName)})".\n`,
      )
    }
    return exitCodes.ok
  },
}

function formatReport(report: CopyReport, fromTo: string, seconds: string): string {
  const width = Math.max(5, ...report.tables.map((t) => t.name.length))
  const total = report.tables.reduce((sum, t) => sum + t.rows, 0)
  return [
    `Copied ${fromTo} in ${seconds} s:`,
    '',
    `  ${'table'.padEnd(width)}  rows copied`,
    ...report.tables.map((t) => `  ${t.name.padEnd(width)}  ${String(t.rows).padStart(11)}`),
    `  ${'total'.padEnd(width)}  ${String(total).padStart(11)}`,
    '',
    'row counts match in every table',
    `audit chain verified: ${report.audit.checked} rows`,
    '',
  ].join('\n')
}
