import { isIP } from 'node:net'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { secretKeyBytes } from './secrets/secret-cipher'
import { secretNamePattern } from '@conveyor/shared'
import type { AssistantConfig } from './service/types'

/** How the runtime is configured: from the environment, read once at start. */
export interface RuntimeConfig {
  host: string
  port: number
  /** Folder holding the SQLite database; created when missing. Unused with `databaseUrl`. */
  dataDir: string
  /**
   * `CONVEYOR_DATABASE_URL`: a PostgreSQL database (postgres://…) to serve from instead of the data
   * folder's SQLite; one replica for now.
   */
  databaseUrl?: string
  /**
   * `CONVEYOR_LEASE_MS`: with PostgreSQL, how long a replica's lease on a partition lasts without
   * being renewed (ms): a replica that stops is taken over by the others about this long after.
   * `defaultLeaseMs` when absent.
   */
  leaseMs?: number
  /**
   * `CONVEYOR_REPLICA_ID`: this replica's name among those sharing a PostgreSQL database (in its
   * leases, its commands and `/healthz`); made up from the host name and process when absent.
   */
  replicaId?: string
  /** The first admin's token, when given by the operator; otherwise one is generated on first start. */
  adminToken?: string
  /** The built editor (static files); served at `/` when present. */
  editorDist: string
  /** Private hosts the http connector may call: names, addresses and CIDR ranges (none when absent). */
  allowHosts?: string[]
  /** The key that seals stored secrets, when `CONVEYOR_SECRET_KEY` gives one. */
  secretKey?: Buffer
  /** The assistant augment steps ask: the offline one unless `CONVEYOR_ASSISTANT_URL` names a server. */
  assistant?: AssistantConfig
}

export class ConfigError extends Error {
  override name = 'ConfigError'
}

const defaultEditorDist = fileURLToPath(new URL('../../editor/dist', import.meta.url))

/** Reads the environment; relative paths are taken from `cwd`. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): RuntimeConfig {
  const host = env.HOST?.trim() || '127.0.0.1'
  const portText = env.PORT?.trim() || '3000'
  const port = Number(portText)
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new ConfigError(`PORT must be a whole number from 0 to 65535, got "${portText}"`)
  }
  const adminToken = env.CONVEYOR_ADMIN_TOKEN?.trim() || undefined
  if (adminToken !== undefined && adminToken.length < 16) {
    throw new ConfigError('CONVEYOR_ADMIN_TOKEN must be at least 16 characters long')
  }
  const databaseUrl = databaseUrlOf(env.CONVEYOR_DATABASE_URL?.trim() || undefined)
  const secretKey = secretKeyFromEnvironment(env)
  if (databaseUrl !== undefined) secretKeyForDatabase(secretKey)
  return {
    host,
    port,
    dataDir: resolve(cwd, env.CONVEYOR_DATA?.trim() || './data'),
    databaseUrl,
    leaseMs: leaseMsOf(env.CONVEYOR_LEASE_MS?.trim() || undefined),
    replicaId: replicaIdOf(env.CONVEYOR_REPLICA_ID?.trim() || undefined),
    adminToken,
    editorDist: resolve(cwd, env.CONVEYOR_EDITOR_DIST?.trim() || defaultEditorDist),
    allowHosts: allowHostsOf(env.CONVEYOR_ALLOW_HOSTS ?? ''),
    secretKey,
    assistant: assistantOf(env),
  }
}

/**
 * `CONVEYOR_ASSISTANT_URL` (a chat-completions API's base, such as `http://127.0.0.1:11434/v1`),
 * `CONVEYOR_ASSISTANT_MODEL` and, for a server that wants a key, `CONVEYOR_ASSISTANT_KEY_SECRET`:
 * the name of the stored secret holding it, so the key is never in the environment or a log.
 */
function assistantOf(env: NodeJS.ProcessEnv): AssistantConfig {
  const baseUrl = env.CONVEYOR_ASSISTANT_URL?.trim()
  const model = env.CONVEYOR_ASSISTANT_MODEL?.trim()
  const apiKeySecret = env.CONVEYOR_ASSISTANT_KEY_SECRET?.trim() || undefined
  if (!baseUrl) {
    const stray = model
      ? 'CONVEYOR_ASSISTANT_MODEL'
      : apiKeySecret
        ? 'CONVEYOR_ASSISTANT_KEY_SECRET'
        : undefined
    if (stray) throw new ConfigError(`${stray} is set but CONVEYOR_ASSISTANT_URL, the server to ask, is not`)
    return { provider: 'local' }
  }
  if (!/^https?:\/\/[^/]/i.test(baseUrl) || !URL.canParse(baseUrl)) {
    throw new ConfigError(
      `CONVEYOR_ASSISTANT_URL must be an http or https address such as http://127.0.0.1:11434/v1, got "${baseUrl}"`,
    )
  }
  if (!model)
    throw new ConfigError('CONVEYOR_ASSISTANT_MODEL must name the model to ask at CONVEYOR_ASSISTANT_URL')
  if (apiKeySecret !== undefined && !secretNamePattern.test(apiKeySecret)) {
    throw new ConfigError(
      `CONVEYOR_ASSISTANT_KEY_SECRET must be the name of a stored secret (a letter, then letters, digits and _), got "${apiKeySecret}"`,
    )
  }
  return { provider: 'openai-compatible', baseUrl, model, ...(apiKeySecret ? { apiKeySecret } : {}) }
}

export const secretKeyVariable = 'CONVEYOR_SECRET_KEY'

/** `CONVEYOR_SECRET_KEY` as a key, undefined when unset; anything but base64 of 32 bytes is refused. */
export function secretKeyFromEnvironment(env: NodeJS.ProcessEnv = process.env): Buffer | undefined {
  const text = env[secretKeyVariable]?.trim()
  if (!text) return undefined
  const key = Buffer.from(text, 'base64')
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || key.length !== secretKeyBytes) {
    throw new ConfigError(
      `${secretKeyVariable} must be the base64 of ${secretKeyBytes} random bytes ` +
        '(for example the output of `openssl rand -base64 32`)',
    )
  }
  return key
}

const hostName =
  /^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/i

/** `CONVEYOR_ALLOW_HOSTS`: comma-separated host names, addresses and CIDR ranges, each checked. */
function allowHostsOf(text: string): string[] {
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
  for (const entry of entries) {
    const problem = allowHostProblem(entry)
    if (problem) throw new ConfigError(`CONVEYOR_ALLOW_HOSTS: "${entry}" ${problem}`)
  }
  return entries
}

function allowHostProblem(entry: string): string | undefined {
  const [address = '', prefix, ...rest] = entry.split('/')
  const family = isIP(address)
  if (prefix === undefined) {
    return family !== 0 || hostName.test(address)
      ? undefined
      : 'is not a host name, an address or a CIDR range'
  }
  if (family === 0 || rest.length > 0) return 'is not a CIDR range (like 10.0.0.0/8 or fd00::/8)'
  const widest = family === 4 ? 32 : 128
  const bits = Number(prefix)
  if (!/^\d+$/.test(prefix) || bits > widest)
    return `has a prefix that is not a whole number from 0 to ${widest}`
  return undefined
}

/** True when only this machine can reach the address. */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '')
  if (bare === 'localhost') return true
  if (isIP(bare) === 4) return bare.startsWith('127.')
  if (isIP(bare) === 6) return bare === '::1' || bare.startsWith('::ffff:127.')
  return false
}

/** A postgres:// (or postgresql://) URL; never echoed back, as it may carry a password. */
/** `CONVEYOR_DATABASE_URL`, checked: the PostgreSQL database to use instead of the data folder, if set. */
export function databaseUrlFromEnvironment(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return databaseUrlOf(env.CONVEYOR_DATABASE_URL?.trim() || undefined)
}

function databaseUrlOf(text: string | undefined): string | undefined {
  if (text === undefined) return undefined
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1]?.toLowerCase()
  if (scheme !== 'postgres' && scheme !== 'postgresql') {
    throw new ConfigError(
      'CONVEYOR_DATABASE_URL must be a PostgreSQL address such as postgres://user:password@host:5432/conveyor',
    )
  }
  return text
}

const replicaIdPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/

/** `CONVEYOR_REPLICA_ID`: shown in tables and metrics, so plain: letters, digits, `.`, `_`, `-`. */
function replicaIdOf(text: string | undefined): string | undefined {
  if (text === undefined || replicaIdPattern.test(text)) return text
  throw new ConfigError(
    `CONVEYOR_REPLICA_ID must be 1 to 63 letters, digits, ".", "_" or "-", starting with a letter or digit, got "${text}"`,
  )
}

export const defaultLeaseMs = 10_000
const leaseMsRange = { min: 3_000, max: 600_000 }

/**
 * `CONVEYOR_LEASE_MS`, whole milliseconds. Below 3 s a renewal (every third of it) has too little
 * room for a slow moment of the database; above 10 minutes a stopped replica's work waits too long.
 */
function leaseMsOf(text: string | undefined): number {
  if (text === undefined) return defaultLeaseMs
  const ms = Number(text)
  if (!/^\d+$/.test(text) || ms < leaseMsRange.min || ms > leaseMsRange.max) {
    throw new ConfigError(
      `CONVEYOR_LEASE_MS must be a whole number of milliseconds from ${leaseMsRange.min} to ${leaseMsRange.max}, got "${text}"`,
    )
  }
  return ms
}

/**
 * PostgreSQL has no data folder to keep the key file that seals stored secrets in: its key comes
 * from `CONVEYOR_SECRET_KEY`, the same on every replica.
 */
export function secretKeyForDatabase(secretKey: Buffer | undefined): Buffer {
  if (secretKey !== undefined) return secretKey
  throw new ConfigError(
    `${secretKeyVariable} must be set when CONVEYOR_DATABASE_URL is: on PostgreSQL there is no data folder ` +
      'for the key that seals stored secrets (make one with `openssl rand -base64 32`).',
  )
}

/**
 * A runtime reachable from other machines must not hand out its first admin token on a console:
 * the operator sets one on purpose (or has created tokens with `conveyor tokens create`).
 */
export function assertSafeToListen(config: RuntimeConfig, hasActiveAdmin: boolean): void {
  if (isLoopback(config.host) || config.adminToken || hasActiveAdmin) return
  throw new ConfigError(
    `Refusing to listen on ${config.host}: it is reachable beyond this machine and no admin token is configured. ` +
      'Set CONVEYOR_ADMIN_TOKEN to a secret of at least 16 characters (for example the output of ' +
      '`openssl rand -base64 32`) or create one with `pnpm conveyor tokens create --role admin --name NAME`, ' +
      'or set HOST=127.0.0.1 to stay on this machine.',
  )
}
