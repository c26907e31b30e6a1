import type { Db } from '../store/database'
import type { Writer } from '../store/writer'
import { InvalidError } from './errors'

const laneId = /^[A-Za-z0-9_-]{1,64}$/

export const isLaneId = (text: string): boolean => laneId.test(text)

/**
 * Who works in which lane, by the names people's tokens carry. A lane nobody was added to stays
 * open to every editor, as before lanes had members; once it has members, its work is theirs
 * (operators and admins may still act on their behalf, audited as themselves).
 */
export class LaneMembers {
  private readonly sql

  constructor(
    db: Db,
    private readonly writer: Writer,
    private readonly now: () => number,
  ) {
    this.sql = {
      of: db.prepare('SELECT member FROM lane_members WHERE lane = ? ORDER BY member'),
      isMember: db.prepare('SELECT 1 FROM lane_members WHERE lane = ? AND member = ?'),
      hasMembers: db.prepare('SELECT 1 FROM lane_members WHERE lane = ? LIMIT 1'),
    }
  }

  list(lane: string): string[] {
    checked(lane)
    return (this.sql.of.all(lane) as Array<{ member: string }>).map((row) => row.member)
  }

  async add(lane: string, member: string, by: string): Promise<string[]> {
    checked(lane, member)
    // A member added twice stays added once, from the first time.
    this.writer.write(
      `INSERT INTO lane_members (lane, member, added_at, added_by) VALUES (?, ?, ?, ?)
        ON CONFLICT (lane, member) DO NOTHING`,
      [lane, member.trim(), this.now(), by],
    )
    this.writer.auditAdministration(this.now(), by, 'lane.member-added', { lane, member: member.trim() })
    await this.writer.committed()
    return this.list(lane)
  }

  async remove(lane: string, member: string, by: string): Promise<string[]> {
    checked(lane, member)
    this.writer.write('DELETE FROM lane_members WHERE lane = ? AND member = ?', [lane, member.trim()])
    this.writer.auditAdministration(this.now(), by, 'lane.member-removed', { lane, member: member.trim() })
    await this.writer.committed()
    return this.list(lane)
  }

  /** Whether this person may take work in these lanes (a task's lane and the lane it was escalated to). */
  admits(lanes: ReadonlyArray<string | undefined>, member: string): boolean {
    const withMembers = lanes.filter((lane) => lane !== undefined && this.sql.hasMembers.get(lane))
    return withMembers.length === 0 || withMembers.some((lane) => this.sql.isMember.get(lane, member))
  }
}

function checked(lane: string, member?: string): void {
  const errors = []
  if (!laneId.test(lane))
    errors.push({ path: 'lane', message: 'must be a lane id: 1 to 64 letters, digits, - or _' })
  if (member !== undefined && (!member.trim() || member.length > 200))
    errors.push({ path: 'name', message: 'must be 1 to 200 characters' })
  if (errors.length > 0) throw new InvalidError('the lane member does not fit', errors)
}
