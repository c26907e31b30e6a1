import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

/** Standard Webhooks (https://www.standardwebhooks.com): secrets, signing and verification. */

const secretPrefix = 'whsec_'
/** Deliveries older or newer than this are refused, which bounds how long ids must be remembered. */
export const toleranceSeconds = 5 * 60

export function generateWebhookSecret(): string {
  return secretPrefix + randomBytes(32).toString('base64')
}

function secretKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith(secretPrefix) ? secret.slice(secretPrefix.length) : secret, 'base64')
}

/** The `v1,<base64>` signature of one delivery. */
export function signDelivery(secret: string, id: string, timestamp: number | string, body: string): string {
  const mac = createHmac('sha256', secretKey(secret))
    .update(`${id}.${timestamp}.${body}`, 'utf8')
    .digest('base64')
  return `v1,${mac}`
}

export interface Delivery {
  id: string | undefined
  timestamp: string | undefined
  signature: string | undefined
  body: string
}

export type VerifyResult =
  | { ok: true; id: string; timestamp: number }
  | { ok: false; reason: 'unsigned' | 'malformed' | 'stale' | 'bad_signature'; message: string }

export function verifyDelivery(delivery: Delivery, secrets: readonly string[], nowMs: number): VerifyResult {
  const { id, timestamp, signature, body } = delivery
  if (!id || !timestamp || !signature) {
    return {
      ok: false,
      reason: 'unsigned',
      message: 'Missing webhook-id, webhook-timestamp or webhook-signature header',
    }
  }
  if (!/^\d{1,12}$/.test(timestamp)) {
    return { ok: false, reason: 'malformed', message: 'webhook-timestamp must be whole seconds since 1970' }
  }
  const seconds = Number(timestamp)
  if (Math.abs(nowMs / 1000 - seconds) > toleranceSeconds) {
    return {
      ok: false,
      reason: 'stale',
      message: `webhook-timestamp is more than ${toleranceSeconds / 60} minutes away from the server's clock`,
    }
  }
  const offered = signature
    .split(' ')
    .filter((part) => part.startsWith('v1,'))
    .map((part) => Buffer.from(part.slice(3), 'base64'))
  for (const secret of secrets) {
    const expected = Buffer.from(signDelivery(secret, id, timestamp, body).slice(3), 'base64')
    if (
      offered.some(
        (candidate) => candidate.length === expected.length && timingSafeEqual(candidate, expected),
      )
    ) {
      return { ok: true, id, timestamp: seconds }
    }
  }
  return { ok: false, reason: 'bad_signature', message: 'webhook-signature does not match any v1 signature' }
}
