export { openSqlDatabase, type SqlTarget } from './open-sql-database'
export { SqlError, type SqlDatabase, type SqlExecutor, type SqlValue } from './sql-database'
