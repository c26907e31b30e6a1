import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'

/** 256-bit keys: AES-256-GCM. */
export const secretKeyBytes = 32
const ivBytes = 12
const tagBytes = 16
const format = 'v1.'

/**
 * Encrypts and decrypts stored secret values with AES-256-GCM. Each value gets a fresh random IV;
 * the row's name is bound in as associated data, so a value copied under another name (or
 * tampered with) fails to open instead of opening as something else.
 */
export class SecretCipher {
  constructor(private readonly key: Buffer) {
    if (key.length !== secretKeyBytes) throw new Error(`a secret key has ${secretKeyBytes} bytes`)
  }

  seal(value: string, boundTo: string): string {
    const iv = randomBytes(ivBytes)
    const cipher = createCipheriv('aes-256-gcm', this.key, iv)
    cipher.setAAD(Buffer.from(boundTo, 'utf8'))
    const encrypted = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()])
    return format + Buffer.concat([iv, cipher.getAuthTag(), encrypted]).toString('base64')
  }

  /** Throws when the text was sealed with another key or under another name. */
  open(sealed: string, boundTo: string): string {
    if (!isSealed(sealed)) throw new Error('not a sealed value')
    const bytes = Buffer.from(sealed.slice(format.length), 'base64')
    const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, ivBytes))
    decipher.setAAD(Buffer.from(boundTo, 'utf8'))
    decipher.setAuthTag(bytes.subarray(ivBytes, ivBytes + tagBytes))
    return Buffer.concat([decipher.update(bytes.subarray(ivBytes + tagBytes)), decipher.final()]).toString(
      'utf8',
    )
  }
}

export function isSealed(text: string): boolean {
  return text.startsWith(format)
}
