import { createHash, randomBytes, randomUUID } from 'node:crypto'
import type { Db } from '../store/database'
import type { Writer } from '../store/writer'
import { ConflictError, InvalidError, NotFoundError } from './errors'
import { roles } from '../auth/roles'
import type { ApiToken, CreatedToken, Role } from './types'
import { iso } from './views'

interface TokenRow {
  id: string
  name: string
  role: Role
  secret_hash: string
  created_at: number
  created_by: string
  revoked_at: number | null
  last_used_at: number | null
}

const hashOf = (secret: string) => createHash('sha256').update(secret).digest('hex')
/** 256 bits of randomness, as the README promises. */
const tokenSecretBytes = 32
const tokenSecretPrefix = 'cvy_'
const lastUsedResolutionMs = 60_000

function view(row: TokenRow): ApiToken {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    createdAt: iso(row.created_at),
    createdBy: row.created_by,
    ...(row.revoked_at !== null ? { revokedAt: iso(row.revoked_at) } : {}),
    ...(row.last_used_at !== null ? { lastUsedAt: iso(row.last_used_at) } : {}),
  }
}

/** API tokens: the secret is shown once; the store keeps only its SHA-256. */
export class Tokens {
  private readonly sql

  constructor(
    db: Db,
    private readonly writer: Writer,
    private readonly now: () => number,
  ) {
    this.sql = {
      all: db.prepare('SELECT * FROM tokens ORDER BY created_at DESC'),
      one: db.prepare('SELECT * FROM tokens WHERE id = ?'),
      byHash: db.prepare('SELECT * FROM tokens WHERE secret_hash = ?'),
    }
  }

  async create(name: string, role: Role, by: string, chosenSecret?: string): Promise<CreatedToken> {
    const errors = []
    if (!name.trim() || name.length > 200)
      errors.push({ path: 'name', message: 'must be 1 to 200 characters' })
    if (!roles.includes(role)) errors.push({ path: 'role', message: `must be one of: ${roles.join(', ')}` })
    if (errors.length > 0) throw new InvalidError('the token request does not fit', errors)
    const id = randomUUID()
    const secret = chosenSecret ?? tokenSecretPrefix + randomBytes(tokenSecretBytes).toString('base64url')
    if (this.sql.byHash.get(hashOf(secret)))
      throw new ConflictError('that secret is already a token', 'token_exists')
    const now = this.now()
    this.writer.write(
      'INSERT INTO tokens (id, name, role, secret_hash, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)',
      [id, name.trim(), role, hashOf(secret), now, by],
    )
    this.writer.auditAdministration(now, by, 'token.created', { tokenId: id, name: name.trim(), role })
    await this.writer.committed()
    return { token: view(this.sql.one.get(id) as TokenRow), secret }
  }

  list(): ApiToken[] {
    return (this.sql.all.all() as TokenRow[]).map(view)
  }

  async revoke(tokenId: string, by: string): Promise<ApiToken> {
    const row = this.sql.one.get(tokenId) as TokenRow | undefined
    if (!row) throw new NotFoundError('token', tokenId)
    if (row.revoked_at !== null)
      throw new ConflictError(`token "${tokenId}" is already revoked`, 'token_revoked')
    const now = this.now()
    // A revocation racing this one keeps its time: the token was revoked once.
    this.writer.write('UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [now, tokenId])
    this.writer.auditAdministration(now, by, 'token.revoked', { tokenId })
    await this.writer.committed()
    return view(this.sql.one.get(tokenId) as TokenRow)
  }

  verify(secret: string): ApiToken | null {
    const row = this.sql.byHash.get(hashOf(secret)) as TokenRow | undefined
    if (!row || row.revoked_at !== null) return null
    const now = this.now()
    if (row.last_used_at === null || now - row.last_used_at > lastUsedResolutionMs) {
      this.writer.write('UPDATE tokens SET last_used_at = ? WHERE id = ?', [now, row.id])
    }
    return view(row)
  }
}
