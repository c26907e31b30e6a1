import { durationToMs, type StepManifest } from '@conveyor/shared'
import { ExpressionError, type ExpressionCache } from '../expressions/sandbox'
import type { AddressPolicy } from './address-policy'
import { sendHttpRequest } from './http-request'
import { StepError } from './step-error'

export type ConnectorOutcome = { kind: 'result'; result: unknown } | { kind: 'wait'; dueAt: number }

export interface ConnectorContext {
  policy: AddressPolicy
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
      const body = connector.body
        ? await evaluate(ctx, connector.body, { data }, 'request body expression')
        : undefined
      const response = await sendHttpRequest(ctx.policy, {
        method: connector.method,
        url: connector.url,
        headers: { ...connector.headers, 'idempotency-key': ctx.idempotencyKey },
        body,
        timeoutMs: automate.timeout ? durationToMs(automate.timeout) : defaultHttpTimeoutMs,
      })
      if (response.status >= 300) {
        // Redirects are not followed: the next address would escape the address policy's check.
        const why = response.status < 400 ? ' (redirects are not followed; use the final URL)' : ''
        const retryable = response.status >= 500 || response.status === 429 || response.status === 408
        throw new StepError(
          `${connector.method} ${connector.url} answered ${response.status}${why}`,
          retryable,
        )
      }
      const result = connector.response
        ? await evaluate(ctx, connector.response, response, 'response expression')
        : response.body
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
