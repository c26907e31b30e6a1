import { join } from 'node:path'
import { postgresCluster, singleProcessCluster, type ReplicaCluster } from '../cluster/replica-cluster'
import { secretKeyForDatabase, secretKeyVariable } from '../config'
import { dataFolderSecretKey, secretKeyFileName } from '../secrets/secret-key'
import { defaultDataDir, openDatabase, type Db } from '../store/database'
import { openSqlDatabase, type SqlDatabase } from '../store/sql'
import { sqliteSqlDatabase } from '../store/sql/sqlite-sql-database'
import type { ServiceOptions } from './types'

/** The store a service runs on, opened and migrated, with the key that seals its secrets. */
export interface ServiceStore {
  sql: SqlDatabase
  /** The SQLite connection under `sql`; absent on PostgreSQL. */
  sqlite?: Db
  secretKey: Buffer
  /** Where the key came from, named when it does not open what is sealed. */
  keySource: string
  /** This replica among those sharing the database: what it owns and how it hears the others. */
  cluster: ReplicaCluster
}

/**
 * PostgreSQL at `databaseUrl` when given, else `conveyor.db` in the data folder. PostgreSQL has no
 * folder for a key file, so its key must come from `CONVEYOR_SECRET_KEY` (checked before connecting).
 */
export async function openServiceStore(options: ServiceOptions): Promise<ServiceStore> {
  if (options.databaseUrl !== undefined) {
    const secretKey = secretKeyForDatabase(options.secretKey)
    const sql = await openSqlDatabase({ url: options.databaseUrl })
    try {
      const cluster = await postgresCluster(options.databaseUrl, sql, {
        replicaId: options.replicaId,
        leaseMs: options.leaseMs,
        runsWork: options.runWorkflows ?? true,
      })
      return { sql, secretKey, keySource: secretKeyVariable, cluster }
    } catch (error) {
      await sql.close()
      throw error
    }
  }
  const dataDir = options.dataDir ?? defaultDataDir()
  const sqlite = openDatabase(dataDir)
  try {
    return {
      sql: sqliteSqlDatabase(sqlite),
      sqlite,
      secretKey: options.secretKey ?? dataFolderSecretKey(dataDir),
      keySource: options.secretKey ? secretKeyVariable : `the key file ${join(dataDir, secretKeyFileName)}`,
      cluster: singleProcessCluster(options.replicaId),
    }
  } catch (error) {
    sqlite.close()
    throw error
  }
}
