import pg from 'pg'
import type { TestProject } from 'vitest/node'
import type { PostgresTestServer } from './postgres-test-server'
import { startThrowawayCluster } from './throwaway-cluster'

/**
 * Vitest global setup of the runtime project: one PostgreSQL server for the whole run. The server
 * `CONVEYOR_TEST_DATABASE_URL` names when set, else a throwaway cluster. When neither can be had
 * the reason is handed on, so that tests needing PostgreSQL fail with it while the others run.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const databasePrefix = `conveyor_test_${Date.now().toString(36)}_${process.pid}`
  const provide = (server: PostgresTestServer) => project.provide('postgresTestServer', server)
  const external = process.env.CONVEYOR_TEST_DATABASE_URL?.trim()
  if (external) {
    provide({ url: external, databasePrefix })
    return () => dropDatabases(external, databasePrefix)
  }
  try {
    const cluster = await startThrowawayCluster()
    provide({ url: cluster.url, databasePrefix })
    return async () => cluster.stop()
  } catch (error) {
    provide({ problem: error instanceof Error ? error.message : String(error) })
    return async () => {}
  }
}

/** A server we did not start keeps running: only the databases this run made are removed. */
async function dropDatabases(url: string, prefix: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  try {
    const { rows } = await admin.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
      [prefix],
    )
    for (const { datname } of rows) await admin.query(`DROP DATABASE "${datname}" WITH (FORCE)`)
  } finally {
    await admin.end()
  }
}
