import { secretNamePattern } from '@conveyor/shared'
import { ConflictError, InvalidError, NotFoundError } from '../service/errors'
import type { Actor, SecretSummary } from '../service/types'
import { iso } from '../service/views'
import { deleteSecret, SecretRows, storeSecret, type SecretRow } from '../store/repositories/secret-rows'
import type { SqlExecutor } from '../store/sql'
import type { SqlWrite, Writer } from '../store/writer'
import type { SecretCipher } from './secret-cipher'
import { keyMismatch } from './secret-key'

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
  private readonly rows: SecretRows

  constructor(
    sql: SqlExecutor,
    private readonly writer: Writer,
    private readonly cipher: SecretCipher,
    private readonly now: () => number,
  ) {
    this.rows = new SecretRows(sql)
  }

  private write(statement: SqlWrite): void {
    this.writer.write(statement.sql, statement.params)
  }

  /** A key that cannot open what is stored stops the start, rather than failing every call later. */
  async assertKeyOpens(keySource: string): Promise<void> {
    const row = await this.rows.any()
    if (!row) return
    try {
      this.cipher.open(row.value, row.name)
    } catch {
      throw keyMismatch(keySource)
    }
  }

  async list(): Promise<SecretSummary[]> {
    return (await this.rows.all()).map(view)
  }

  async names(): Promise<Set<string>> {
    return new Set(await this.rows.names())
  }

  /** `create`: refused when the name is taken; `replace`: creates or replaces. */
  async set(
    name: string,
    value: unknown,
    by: Actor,
    mode: 'create' | 'replace',
  ): Promise<{ secret: SecretSummary; created: boolean }> {
    assertFits(name, value)
    const existing = await this.rows.byName(name)
    if (existing && mode === 'create') {
      throw new ConflictError(
        `secret "${name}" already exists; PUT /api/secrets/${name} replaces it`,
        'secret_exists',
      )
    }
    const at = this.now()
    const sealed = this.cipher.seal(value as string, name)
    this.write(storeSecret(name, sealed, at, by))
    this.writer.auditAdministration(this.now(), by, existing ? 'secret.changed' : 'secret.created', { name })
    await this.writer.committed()
    const stored = await this.rows.byName(name)
    if (!stored) throw new NotFoundError('secret', name)
    return { secret: view(stored), created: !existing }
  }

  async remove(name: string, by: Actor): Promise<void> {
    if (!(await this.rows.byName(name))) throw new NotFoundError('secret', name)
    this.write(deleteSecret(name))
    this.writer.auditAdministration(this.now(), by, 'secret.deleted', { name })
    await this.writer.committed()
  }

  /** The values of the named secrets that exist, opened: for a connector's call, never to store. */
  async values(names: readonly string[]): Promise<Map<string, string>> {
    const rows = await this.rows.byNames(names)
    return new Map(rows.map((row) => [row.name, this.cipher.open(row.value, row.name)]))
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
