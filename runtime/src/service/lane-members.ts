import type { SqlExecutor } from '../store/sql'
import { addLaneMember, LaneMemberRows, removeLaneMember } from '../store/repositories/lane-member-rows'
import type { SqlWrite, Writer } from '../store/writer'
import { InvalidError } from './errors'

const laneId = /^[A-Za-z0-9_-]{1,64}$/

export const isLaneId = (text: string): boolean => laneId.test(text)

/**
 * Who works in which lane, by the names people's tokens carry. A lane nobody was added to stays
 * open to every editor, as before lanes had members; once it has members, its work is theirs
 * (operators and admins may still act on their behalf, audited as themselves).
 */
export class LaneMembers {
  private readonly rows: LaneMemberRows

  constructor(
    sql: SqlExecutor,
    private readonly writer: Writer,
    private readonly now: () => number,
  ) {
    this.rows = new LaneMemberRows(sql)
  }

  private write(statement: SqlWrite): void {
    this.writer.write(statement.sql, statement.params)
  }

  async list(lane: string): Promise<string[]> {
    checked(lane)
    return this.rows.members(lane)
  }

  async add(lane: string, member: string, by: string): Promise<string[]> {
    checked(lane, member)
    this.write(addLaneMember(lane, member.trim(), this.now(), by))
    this.writer.auditAdministration(this.now(), by, 'lane.member-added', { lane, member: member.trim() })
    await this.writer.committed()
    return this.list(lane)
  }

  async remove(lane: string, member: string, by: string): Promise<string[]> {
    checked(lane, member)
    this.write(removeLaneMember(lane, member.trim()))
    this.writer.auditAdministration(this.now(), by, 'lane.member-removed', { lane, member: member.trim() })
    await this.writer.committed()
    return this.list(lane)
  }

  /** Whether this person may take work in these lanes (a task's lane and the lane it was escalated to). */
  async admits(lanes: ReadonlyArray<string | undefined>, member: string): Promise<boolean> {
    const given = lanes.filter((lane) => lane !== undefined)
    if ((await this.rows.withMembers(given)).size === 0) return true
    return (await this.rows.of(member, given)).size > 0
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
