import type { SqlExecutor } from '../sql'
import type { SqlWrite } from '../writer'

/** Reads of the `lane_members` table: who works in which lane. */
export class LaneMemberRows {
  constructor(private readonly sql: SqlExecutor) {}

  async members(lane: string): Promise<string[]> {
    const rows = await this.sql.all<{ member: string }>(
      'SELECT member FROM lane_members WHERE lane = ? ORDER BY member',
      [lane],
    )
    return rows.map((row) => row.member)
  }

  /** The lanes among these that have any member at all. */
  async withMembers(lanes: readonly string[]): Promise<Set<string>> {
    if (lanes.length === 0) return new Set()
    const rows = await this.sql.all<{ lane: string }>(
      `SELECT DISTINCT lane FROM lane_members WHERE lane IN (${lanes.map(() => '?').join(', ')})`,
      lanes,
    )
    return new Set(rows.map((row) => row.lane))
  }

  /** The lanes among these that have this member. */
  async of(member: string, lanes: readonly string[]): Promise<Set<string>> {
    if (lanes.length === 0) return new Set()
    const rows = await this.sql.all<{ lane: string }>(
      `SELECT lane FROM lane_members WHERE member = ? AND lane IN (${lanes.map(() => '?').join(', ')})`,
      [member, ...lanes],
    )
    return new Set(rows.map((row) => row.lane))
  }
}

/** A member added twice stays added once, from the first time. */
export const addLaneMember = (lane: string, member: string, at: number, by: string): SqlWrite => ({
  sql: `INSERT INTO lane_members (lane, member, added_at, added_by) VALUES (?, ?, ?, ?)
    ON CONFLICT (lane, member) DO NOTHING`,
  params: [lane, member, at, by],
})

export const removeLaneMember = (lane: string, member: string): SqlWrite => ({
  sql: 'DELETE FROM lane_members WHERE lane = ? AND member = ?',
  params: [lane, member],
})
