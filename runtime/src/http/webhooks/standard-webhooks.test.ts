import { describe, expect, it } from 'vitest'
import { generateWebhookSecret, signDelivery, verifyDelivery } from './standard-webhooks'

const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek'
const timestamp = 1614265330
const body = '{"test": 2432232314}'
const now = timestamp * 1000

describe('Standard Webhooks signatures', () => {
  it('matches the specification example', () => {
    expect(signDelivery(secret, id, timestamp, body)).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=')
  })

  it('accepts a valid delivery, also among several offered signatures', () => {
    const signature = `v1,bm90IGl0 ${signDelivery(secret, id, timestamp, body)}`
    expect(verifyDelivery({ id, timestamp: String(timestamp), signature, body }, [secret], now)).toEqual({
      ok: true,
      id,
      timestamp,
    })
  })

  it('refuses a delivery without headers', () => {
    const result = verifyDelivery({ id, timestamp: undefined, signature: undefined, body }, [secret], now)
    expect(result).toMatchObject({ ok: false, reason: 'unsigned' })
  })

  it('refuses a changed body, a wrong secret and a non-numeric timestamp', () => {
    const signature = signDelivery(secret, id, timestamp, body)
    const delivery = { id, timestamp: String(timestamp), signature, body }
    expect(verifyDelivery({ ...delivery, body: '{"test": 1}' }, [secret], now)).toMatchObject({
      reason: 'bad_signature',
    })
    expect(verifyDelivery(delivery, [generateWebhookSecret()], now)).toMatchObject({
      reason: 'bad_signature',
    })
    expect(verifyDelivery({ ...delivery, timestamp: 'soon' }, [secret], now)).toMatchObject({
      reason: 'malformed',
    })
  })

  it('refuses deliveries more than five minutes old or ahead', () => {
    const signature = signDelivery(secret, id, timestamp, body)
    const delivery = { id, timestamp: String(timestamp), signature, body }
    expect(verifyDelivery(delivery, [secret], now + 301_000)).toMatchObject({ reason: 'stale' })
    expect(verifyDelivery(delivery, [secret], now - 301_000)).toMatchObject({ reason: 'stale' })
    expect(verifyDelivery(delivery, [secret], now + 299_000)).toMatchObject({ ok: true })
  })
})
