/**
 * What the runtime project's global setup hands to test files: the PostgreSQL server of this run
 * (and the prefix of the databases made on it), or why there is none.
 */
export type PostgresTestServer = { url: string; databasePrefix: string } | { problem: string }

export const postgresTestServerKey = 'postgresTestServer'

declare module 'vitest' {
  export interface ProvidedContext {
    postgresTestServer: PostgresTestServer
  }
}
