import { randomBytes } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ConfigError, secretKeyVariable } from '../config'
import { secretKeyBytes } from './secret-cipher'

export const secretKeyFileName = 'secret.key'

/**
 * The data folder's own key, `secret.key`, made on first use with mode 0600 (only the runtime's
 * user may read it). Losing it loses the stored secrets; anyone who reads it can open them.
 */
export function dataFolderSecretKey(dataDir: string): Buffer {
  const path = join(dataDir, secretKeyFileName)
  try {
    writeFileSync(path, randomBytes(secretKeyBytes).toString('base64') + '\n', { mode: 0o600, flag: 'wx' })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  }
  const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64')
  if (key.length !== secretKeyBytes) {
    throw new ConfigError(
      `${path} does not hold a ${secretKeyBytes}-byte key in base64; restore it or set ${secretKeyVariable}`,
    )
  }
  return key
}

/** Why the start stops when the key cannot open what the data folder holds. */
export function keyMismatch(keySource: string): ConfigError {
  return new ConfigError(`${keySource} does not open the stored secrets: they were sealed with another key`)
}
