import { describe, expect, it } from 'vitest'
import { AddressPolicy } from './address-policy'
import { sendHttpRequest } from './http-request'

describe('address policy', () => {
  const policy = new AddressPolicy()

  it('refuses private, loopback, link-local and metadata addresses', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.9',
      '192.168.1.1',
      '169.254.169.254',
      '::1',
      'fe80::1',
      'fd00::5',
      '::ffff:127.0.0.1',
      '0.0.0.0',
    ]) {
      expect(policy.refusal(address), address).toMatch(/private, loopback or link-local/)
    }
  })

  it('lets public addresses through', () => {
    for (const address of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111']) {
      expect(policy.refusal(address), address).toBeUndefined()
    }
  })

  it('honours allow-listed addresses, ranges and names', () => {
    const allowing = new AddressPolicy(['10.0.0.0/8', '127.0.0.1', 'internal.example'])
    expect(allowing.refusal('10.20.30.40')).toBeUndefined()
    expect(allowing.refusal('127.0.0.1')).toBeUndefined()
    expect(allowing.refusal('127.0.0.2')).toBeDefined()
    expect(allowing.hostAllowListed('Internal.Example')).toBe(true)
  })

  it('checks the address a name resolves to, not just the name', async () => {
    await expect(
      sendHttpRequest(policy, { method: 'GET', url: 'http://localhost:9/', headers: {}, timeoutMs: 2_000 }),
    ).rejects.toMatchObject({
      retryable: false,
      message: expect.stringMatching(/private, loopback or link-local/),
    })
  })

  it('refuses URLs that are not http or https', async () => {
    await expect(
      sendHttpRequest(policy, { method: 'GET', url: 'file:///etc/passwd', headers: {}, timeoutMs: 1_000 }),
    ).rejects.toMatchObject({ retryable: false, message: expect.stringMatching(/only http and https/) })
  })
})
