import { durationToMs, type StepManifest } from '@conveyor/shared'
import { ExpressionError, type ExpressionCache } from '../expressions/sandbox'
import type { AddressPolicy } from './address-policy'
import { addressToCall } from './address-to-call'
import { CallSecrets, type SecretSource } from './call-secrets'
import { sendHttpRequest } from './http-request'
import { StepError } from './step-error'

export type ConnectorOutcome = { kind: 'result'; result: unknown } | { kind: 'wait'; dueAt: number }

export interface ConnectorContext {
  policy: AddressPolicy
  /** The values of `{{secret:NAME}}` references. */
  secrets?: SecretSource
  expressions: ExpressionCache
  now: number
  /** `{instanceId}:{stepId}:{visit}`: the same on every attempt of this visit. */
  idempotencyKey: string
}

const defaultHttpTimeoutMs = 30_000

async function evaluate(
  ctx: ConnectorContext,
  source: string,
  input: unknown,
  what: string,
): Promise<unknown> {
  try {
    return await ctx.expressions.get(source).evaluate(input)
  } catch (error) {
    const message = error instanceof ExpressionError ? error.message : String(error)
    throw new StepError(`${what}: ${message}`, false)
  }
}

/** Runs one attempt of an automated step's connector. Throws StepError. */
export async function runConnector(
  ctx: ConnectorContext,
  step: StepManifest,
  data: Record<string, unknown>,
): Promise<ConnectorOutcome> {
  const automate = step.automate
  if (!automate) throw new StepError('the step has no automation configured', false)
  const connector = automate.connector
  switch (connector.kind) {
    case 'transform':
      return {
        kind: 'result',
        result: await evaluate(ctx, connector.expression, data, 'transform expression'),
      }
    case 'delay': {
      if (connector.duration) return { kind: 'wait', dueAt: ctx.now + durationToMs(connector.duration) }
      if (!connector.until)
        throw new StepError('the delay has neither a duration nor an until expression', false)
      const until = await evaluate(ctx, connector.until, data, 'delay until expression')
      const dueAt = typeof until === 'number' ? until : Date.parse(String(until))
      if (Number.isNaN(dueAt))
        throw new StepError(`the delay's until expression gave ${JSON.stringify(until)}, not a time`, false)
      return { kind: 'wait', dueAt }
    }
    case 'http': {
      const secrets = await CallSecrets.open(ctx.secrets, connector)
      const body = connector.body
        ? await evaluate(ctx, connector.body, { data }, 'request body expression')
        : undefined
      let response
      try {
        response = await sendHttpRequest(ctx.policy, {
          method: connector.method,
          url: addressToCall(connector.url, data, secrets),
          headers: {
            ...Object.fromEntries(
              Object.entries(connector.headers ?? {}).map(([name, value]) => [name, secrets.fill(value)]),
            ),
            'idempotency-key': ctx.idempotencyKey,
          },
          body: secrets.fillDeep(body),
          timeoutMs: automate.timeout ? durationToMs(automate.timeout) : defaultHttpTimeoutMs,
        })
      } catch (error) {
        throw secrets.redactError(error)
      }
      // Whatever the service echoes of a secret is gone before expressions, the store or a log see it.
      const answer = secrets.redactDeep(response)
      if (answer.status >= 300) {
        // Redirects are not followed: the next address would escape the address policy's check.
        const why = answer.status < 400 ? ' (redirects are not followed; use the final URL)' : ''
        const retryable = answer.status >= 500 || answer.status === 429 || answer.status === 408
        throw new StepError(`${connector.method} ${connector.url} answered ${answer.status}${why}`, retryable)
      }
      const result = connector.response
        ? await evaluate(ctx, connector.response, answer, 'response expression')
        : answer.body
      return { kind: 'result', result }
    }
  }
}

/** Exponential backoff before attempt `attempt + 1` (attempts count from 1). */
export function retryDelayMs(step: StepManifest, attempt: number): number {
  const retry = step.automate?.retry
  if (!retry) return 1_000
  const initial = durationToMs(retry.initialDelay)
  return Math.min(initial * retry.backoffFactor ** (attempt - 1), durationToMs(retry.maxDelay))
}
