import { secretNamePattern } from '@conveyor/shared'
import { ConflictError, InvalidError, NotFoundError } from '../service/errors'
import type { Actor, SecretSummary } from '../service/types'
import { iso } from '../service/views'
import type { Db } from '../store/database'
import type { Writer } from '../store/writer'
import type { SecretCipher } from './secret-cipher'
import { keyMismatch } from './secret-key'

interface SecretRow {
  name: string
  value: string
  created_at: number
  updated_at: number
  updated_by: string
}

/** Long enough that redacting a value from a connector's answer cannot garble ordinary text. */
export const secretValueLimits = { min: 8, max: 16_384 }

const view = (row: SecretRow): SecretSummary => ({
  name: row.name,
  createdAt: iso(row.created_at),
  updatedAt: iso(row.updated_at),
  updatedBy: row.updated_by,
})

/**
 * Named secrets for connectors, sealed at rest. Values leave this class only through `values()`,
 * which the connectors call at the moment of a call; every change is audited by name, never value.
 */
export class SecretStore {
  private readonly sql

  constructor(
    db: Db,
    private readonly writer: Writer,
    private readonly cipher: SecretCipher,
    private readonly now: () => number,
  ) {
    this.sql = {
      all: db.prepare('SELECT * FROM secrets ORDER BY name'),
      one: db.prepare('SELECT * FROM secrets WHERE name = ?'),
      any: db.prepare('SELECT * FROM secrets LIMIT 1'),
    }
  }

  /** A key that cannot open what is stored stops the start, rather than failing every call later. */
  assertKeyOpens(keySource: string): void {
    const row = this.sql.any.get() as SecretRow | undefined
    if (!row) return
    try {
      this.cipher.open(row.value, row.name)
    } catch {
      throw keyMismatch(keySource)
    }
  }

  list(): SecretSummary[] {
    return (this.sql.all.all() as SecretRow[]).map(view)
  }

  names(): Set<string> {
    return new Set((this.sql.all.all() as SecretRow[]).map((row) => row.name))
  }

  /** `create`: refused when the name is taken; `replace`: creates or replaces. */
  async set(
    name: string,
    value: unknown,
    by: Actor,
    mode: 'create' | 'replace',
  ): Promise<{ secret: SecretSummary; created: boolean }> {
    assertFits(name, value)
    const existing = this.sql.one.get(name) as SecretRow | undefined
    if (existing && mode === 'create') {
      throw new ConflictError(
        `secret "${name}" already exists; PUT /api/secrets/${name} replaces it`,
        'secret_exists',
      )
    }
    const at = this.now()
    const sealed = this.cipher.seal(value as string, name)
    // An upsert rather than the read's choice: a secret created meanwhile is replaced, never a failed batch.
    this.writer.write(
      `INSERT INTO secrets (name, value, created_at, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at,
          updated_by = excluded.updated_by`,
      [name, sealed, at, at, by],
    )
    this.writer.auditAdministration(this.now(), by, existing ? 'secret.changed' : 'secret.created', { name })
    await this.writer.committed()
    return { secret: view(this.sql.one.get(name) as SecretRow), created: !existing }
  }

  async remove(name: string, by: Actor): Promise<void> {
    if (!this.sql.one.get(name)) throw new NotFoundError('secret', name)
    this.writer.write('DELETE FROM secrets WHERE name = ?', [name])
    this.writer.auditAdministration(this.now(), by, 'secret.deleted', { name })
    await this.writer.committed()
  }

  /** The values of the named secrets that exist, opened: for a connector's call, never to store. */
  values(names: readonly string[]): Map<string, string> {
    const found = new Map<string, string>()
    for (const name of names) {
      const row = this.sql.one.get(name) as SecretRow | undefined
      if (row) found.set(name, this.cipher.open(row.value, name))
    }
    return found
  }
}

function assertFits(name: string, value: unknown): asserts value is string {
  const errors = []
  if (!secretNamePattern.test(name)) {
    errors.push({
      path: 'name',
      message: 'must start with a letter and hold only letters, digits and "_" (64 characters at most)',
    })
  }
  const { min, max } = secretValueLimits
  if (typeof value !== 'string' || value.length < min || value.length > max) {
    errors.push({ path: 'value', message: `must be a text of ${min} to ${max} characters` })
  }
  if (errors.length > 0) throw new InvalidError('the secret does not fit', errors)
}
