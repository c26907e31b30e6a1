import { lookup as dnsLookup, type LookupAddress } from 'node:dns'
import http from 'node:http'
import https from 'node:https'
import { isIP, type LookupFunction } from 'node:net'
import type { AddressPolicy } from './address-policy'
import { jsonLimits, textTooDeep } from '../limits/json-limits'
import { StepError } from './step-error'

export interface HttpResponse {
  status: number
  headers: Record<string, string>
  body: unknown
}

export interface HttpRequest {
  method: string
  url: string
  headers: Record<string, string>
  body?: unknown
  timeoutMs: number
}

const maxResponseBytes = 5_000_000

/**
 * The address check happens in the socket's own DNS lookup, so the address that is checked is
 * the address that is connected to (no window for DNS rebinding between check and connect).
 */
function guardedLookup(policy: AddressPolicy, hostname: string): LookupFunction {
  return (host, options, callback) => {
    dnsLookup(host, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0)
      const list = addresses as LookupAddress[]
      if (!policy.hostAllowListed(hostname)) {
        for (const { address } of list) {
          const refusal = policy.refusal(address)
          if (refusal) return callback(Object.assign(new Error(refusal), { code: 'EREFUSED_ADDRESS' }), '', 0)
        }
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list)
      const first = list[0]!
      callback(null, first.address, first.family)
    })
  }
}

export function sendHttpRequest(policy: AddressPolicy, request: HttpRequest): Promise<HttpResponse> {
  let url: URL
  try {
    url = new URL(request.url)
  } catch {
    return Promise.reject(new StepError(`"${request.url}" is not a valid URL`, false))
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return Promise.reject(new StepError(`only http and https URLs can be called, not ${url.protocol}`, false))
  }
  const payload = request.body === undefined ? undefined : JSON.stringify(request.body)
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers }
  if (payload !== undefined) {
    headers['content-type'] ??= 'application/json'
    headers['content-length'] = String(Buffer.byteLength(payload))
  }
  const hostname = url.hostname.replace(/^\[|\]$/g, '')
  // An address written in the URL is connected to without a DNS lookup, so check it here.
  const literalRefusal = isIP(hostname) ? policy.refusal(hostname) : undefined
  if (literalRefusal) return Promise.reject(new StepError(literalRefusal, false))
  const client = url.protocol === 'https:' ? https : http
  return new Promise((resolve, reject) => {
    const req = client.request(
      url,
      {
        method: request.method,
        headers,
        lookup: guardedLookup(policy, hostname),
        timeout: request.timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = []
        let size = 0
        res.on('data', (chunk: Buffer) => {
          size += chunk.length
          if (size > maxResponseBytes) {
            req.destroy(new StepError(`the response is larger than ${maxResponseBytes} bytes`, false))
          } else chunks.push(chunk)
        })
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          let body: unknown = text
          if ((res.headers['content-type'] ?? '').includes('json') && text.length > 0) {
            const tooDeep = textTooDeep(text)
            if (tooDeep) {
              const where = `line ${tooDeep.line}, column ${tooDeep.column}`
              const message = `the response from ${url.host} nests deeper than ${jsonLimits.maxDepth} levels (the limit), at ${where}`
              return reject(new StepError(message, false))
            }
            try {
              body = JSON.parse(text)
            } catch {
              body = text
            }
          }
          const flat: Record<string, string> = {}
          for (const [name, value] of Object.entries(res.headers)) {
            if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value
          }
          resolve({ status: res.statusCode ?? 0, headers: flat, body })
        })
        res.on('error', reject)
      },
    )
    req.on('timeout', () =>
      req.destroy(new StepError(`no answer from ${url.host} within ${request.timeoutMs} ms`, true, true)),
    )
    req.on('error', (error: Error & { code?: string }) => {
      if (error instanceof StepError) return reject(error)
      if (error.code === 'EREFUSED_ADDRESS') return reject(new StepError(error.message, false))
      reject(new StepError(`could not reach ${url.host}: ${error.message}`, true))
    })
    if (payload !== undefined) req.write(payload)
    req.end()
  })
}
