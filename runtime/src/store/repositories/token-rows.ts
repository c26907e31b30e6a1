import type { SqlExecutor } from '../sql'
import type { SqlWrite } from '../writer'

/** A stored API token: only the SHA-256 of its secret is kept. */
export interface TokenRow {
  id: string
  name: string
  role: string
  secret_hash: string
  created_at: number
  created_by: string
  revoked_at: number | null
  last_used_at: number | null
}

/** Reads of the `tokens` table. */
export class TokenRows {
  constructor(private readonly sql: SqlExecutor) {}

  /** Newest first. */
  all(): Promise<TokenRow[]> {
    return this.sql.all<TokenRow>('SELECT * FROM tokens ORDER BY created_at DESC, id DESC')
  }

  byId(id: string): Promise<TokenRow | undefined> {
    return this.sql.get<TokenRow>('SELECT * FROM tokens WHERE id = ?', [id])
  }

  bySecretHash(secretHash: string): Promise<TokenRow | undefined> {
    return this.sql.get<TokenRow>('SELECT * FROM tokens WHERE secret_hash = ?', [secretHash])
  }
}

export const insertToken = (row: Omit<TokenRow, 'revoked_at' | 'last_used_at'>): SqlWrite => ({
  sql: 'INSERT INTO tokens (id, name, role, secret_hash, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)',
  params: [row.id, row.name, row.role, row.secret_hash, row.created_at, row.created_by],
})

/** A revocation racing another keeps the first one's time: the token was revoked once. */
export const revokeToken = (id: string, at: number): SqlWrite => ({
  sql: 'UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
  params: [at, id],
})

export const touchToken = (id: string, at: number): SqlWrite => ({
  sql: 'UPDATE tokens SET last_used_at = ? WHERE id = ?',
  params: [at, id],
})
