import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { inject } from 'vitest'
import './postgres-test-server'

/**
 * Creates a new, empty database on this run's PostgreSQL server and returns its URL, so test files
 * (or tests) never share state. Fails, never skips, when the run has no PostgreSQL server.
 */
export async function freshPostgresDatabase(): Promise<string> {
  const server = inject('postgresTestServer')
  if (server === undefined) {
    throw new Error('No PostgreSQL test server was provided: run the tests through the root vitest.config.ts')
  }
  if ('problem' in server) throw new Error(`PostgreSQL tests cannot run: ${server.problem}`)
  const name = `${server.databasePrefix}_${randomBytes(5).toString('hex')}`
  const admin = new pg.Client({ connectionString: server.url })
  await admin.connect()
  try {
    await admin.query(`CREATE DATABASE "${name}"`)
  } finally {
    await admin.end()
  }
  const url = new URL(server.url)
  url.pathname = `/${name}`
  return url.toString()
}
