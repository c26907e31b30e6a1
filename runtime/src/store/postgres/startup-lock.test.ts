import { describe, expect, it } from 'vitest'
import { openSqlDatabase } from '../sql'
import { holdStartupLock } from './startup-lock'
import { freshPostgresDatabase } from './testing/fresh-database'

describe('the start-up lock of replicas sharing a PostgreSQL database', () => {
  it('lets one replica start at a time: the next waits until the first has started', async () => {
    const url = await freshPostgresDatabase()
    const sql = await openSqlDatabase({ url })
    try {
      const first = await holdStartupLock(url)
      let secondHolds = false
      const second = holdStartupLock(url).then((lock) => {
        secondHolds = true
        return lock
      })
      // The second start is queued on the lock in the database, not merely slow.
      await expect
        .poll(
          async () =>
            (
              await sql.all<{ waiting: number }>(
                `SELECT count(*)::int AS waiting FROM pg_stat_activity
                 WHERE application_name = 'conveyor-starting' AND wait_event_type = 'Lock'`,
              )
            )[0]!.waiting,
          { timeout: 10_000 },
        )
        .toBe(1)
      expect(secondHolds).toBe(false)
      await first.release()
      await (await second).release()
      expect(secondHolds).toBe(true)
    } finally {
      await sql.close()
    }
  })
})
