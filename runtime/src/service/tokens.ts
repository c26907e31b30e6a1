import { createHash, randomBytes, randomUUID } from 'node:crypto'
import type { SqlExecutor } from '../store/sql'
import {
  insertToken,
  revokeToken,
  TokenRows,
  touchToken,
  type TokenRow,
} from '../store/repositories/token-rows'
import type { SqlWrite, Writer } from '../store/writer'
import { ConflictError, InvalidError, NotFoundError } from './errors'
import { roles } from '../auth/roles'
import type { ApiToken, CreatedToken, Role } from './types'
import { iso } from './views'

const hashOf = (secret: string) => createHash('sha256').update(secret).digest('hex')
/** 256 bits of randomness, as the README promises. */
const tokenSecretBytes = 32
const tokenSecretPrefix = 'cvy_'
const lastUsedResolutionMs = 60_000

function view(row: TokenRow): ApiToken {
  return {
    id: row.id,
    name: row.name,
    role: row.role as Role,
    createdAt: iso(row.created_at),
    createdBy: row.created_by,
    ...(row.revoked_at !== null ? { revokedAt: iso(row.revoked_at) } : {}),
    ...(row.last_used_at !== null ? { lastUsedAt: iso(row.last_used_at) } : {}),
  }
}

/** API tokens: the secret is shown once; the store keeps only its SHA-256. */
export class Tokens {
  private readonly rows: TokenRows
  /** Hashes of tokens being created: a second one with the same secret would fail the whole batch. */
  private readonly creating = new Set<string>()

  constructor(
    sql: SqlExecutor,
    private readonly writer: Writer,
    private readonly now: () => number,
  ) {
    this.rows = new TokenRows(sql)
  }

  private write(statement: SqlWrite): void {
    this.writer.write(statement.sql, statement.params)
  }

  /** The stored token, read after the commit that changed it. */
  private async stored(tokenId: string): Promise<ApiToken> {
    const row = await this.rows.byId(tokenId)
    if (!row) throw new NotFoundError('token', tokenId)
    return view(row)
  }

  async create(name: string, role: Role, by: string, chosenSecret?: string): Promise<CreatedToken> {
    const errors = []
    if (!name.trim() || name.length > 200)
      errors.push({ path: 'name', message: 'must be 1 to 200 characters' })
    if (!roles.includes(role)) errors.push({ path: 'role', message: `must be one of: ${roles.join(', ')}` })
    if (errors.length > 0) throw new InvalidError('the token request does not fit', errors)
    const id = randomUUID()
    const secret = chosenSecret ?? tokenSecretPrefix + randomBytes(tokenSecretBytes).toString('base64url')
    const secretHash = hashOf(secret)
    const taken = () => new ConflictError('that secret is already a token', 'token_exists')
    if (this.creating.has(secretHash)) throw taken()
    this.creating.add(secretHash)
    try {
      if (await this.rows.bySecretHash(secretHash)) throw taken()
      const now = this.now()
      this.write(
        insertToken({
          id,
          name: name.trim(),
          role,
          secret_hash: secretHash,
          created_at: now,
          created_by: by,
        }),
      )
      this.writer.auditAdministration(now, by, 'token.created', { tokenId: id, name: name.trim(), role })
      await this.writer.committed()
    } finally {
      this.creating.delete(secretHash)
    }
    return { token: await this.stored(id), secret }
  }

  async list(): Promise<ApiToken[]> {
    return (await this.rows.all()).map(view)
  }

  async revoke(tokenId: string, by: string): Promise<ApiToken> {
    const row = await this.rows.byId(tokenId)
    if (!row) throw new NotFoundError('token', tokenId)
    if (row.revoked_at !== null)
      throw new ConflictError(`token "${tokenId}" is already revoked`, 'token_revoked')
    const now = this.now()
    this.write(revokeToken(tokenId, now))
    this.writer.auditAdministration(now, by, 'token.revoked', { tokenId })
    await this.writer.committed()
    return this.stored(tokenId)
  }

  async verify(secret: string): Promise<ApiToken | null> {
    const row = await this.rows.bySecretHash(hashOf(secret))
    if (!row || row.revoked_at !== null) return null
    const now = this.now()
    if (row.last_used_at === null || now - row.last_used_at > lastUsedResolutionMs)
      this.write(touchToken(row.id, now))
    return view(row)
  }
}
