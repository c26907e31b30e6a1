import { createRoute, z } from '@hono/zod-openapi'
import type { ConveyorService } from '../../service/types'
import { ApiError } from '../errors'
import { bearer, createRouter, type Guards } from '../router'
import { errors, json } from '../schemas/common'
import { InstanceSummary } from '../schemas/instances'
import { TriggerParams, TriggerSecret } from '../schemas/workflows'
import { verifyDelivery } from '../webhooks/standard-webhooks'

const rotateSecret = createRoute({
  method: 'post',
  path: '/api/workflows/{id}/triggers/{triggerId}/secret',
  tags: ['Webhooks'],
  summary: "Make a new signing secret for a webhook trigger (the old one stops working); it's shown once",
  security: bearer,
  request: { params: TriggerParams },
  responses: { 201: json(TriggerSecret, 'The new secret'), ...errors(404, 422) },
})

const deliver = createRoute({
  method: 'post',
  path: '/hooks/{id}/{triggerId}',
  tags: ['Webhooks'],
  summary: 'Start an instance from a signed webhook delivery',
  description:
    'Signed per Standard Webhooks: `webhook-signature` holds space-separated `v1,<base64 HMAC-SHA256>` of ' +
    "`{webhook-id}.{webhook-timestamp}.{body}` under the trigger's secret. Unsigned, wrongly signed or stale " +
    '(over 5 minutes either way) deliveries get 401; a `webhook-id` seen before gets 409. The body is a JSON object: ' +
    "the trigger's input.",
  request: {
    params: TriggerParams,
    headers: z.object({
      'webhook-id': z.string().optional(),
      'webhook-timestamp': z.string().optional(),
      'webhook-signature': z.string().optional(),
    }),
  },
  responses: {
    202: json(z.object({ instance: InstanceSummary }), 'Accepted: the instance started'),
    ...errors(404, 409, 413, 422),
  },
})

export function webhookRoutes(service: ConveyorService, guards: Guards, now: () => number) {
  const router = createRouter()

  router.openapi({ ...rotateSecret, middleware: guards.design }, async (c) => {
    const { id, triggerId } = c.req.valid('param')
    const { document } = await service.getWorkflow(id)
    const trigger = document.nodes.find((node) => node.id === triggerId)
    if (!trigger || trigger.type !== 'trigger') {
      throw new ApiError(404, 'not_found', `Workflow "${id}" has no trigger "${triggerId}"`, {
        field: 'triggerId',
      })
    }
    if (trigger.data.start.kind !== 'webhook') {
      throw new ApiError(
        422,
        'not_a_webhook',
        `Trigger "${triggerId}" starts by ${trigger.data.start.kind}, not by webhook`,
      )
    }
    const secret = await service.rotateWebhookSecret(id, triggerId, c.get('caller').actor)
    const url = new URL(`/hooks/${id}/${triggerId}`, c.req.url).toString()
    return c.json({ workflowId: id, triggerId, secret, url }, 201)
  })

  router.openapi(deliver, async (c) => {
    const { id, triggerId } = c.req.valid('param')
    const headers = c.req.valid('header')
    const secret = await service.webhookSecret(id, triggerId)
    if (secret === undefined) {
      throw new ApiError(
        404,
        'not_found',
        `No webhook trigger "${triggerId}" with a signing secret on workflow "${id}"`,
      )
    }
    const body = await c.req.text()
    const verdict = verifyDelivery(
      {
        id: headers['webhook-id'],
        timestamp: headers['webhook-timestamp'],
        signature: headers['webhook-signature'],
        body,
      },
      [secret],
      now(),
    )
    if (!verdict.ok) throw new ApiError(401, `webhook_${verdict.reason}`, verdict.message)
    const payload = parseObject(body)
    const result = await service.startFromWebhook({
      workflowId: id,
      triggerId,
      deliveryId: verdict.id,
      payload,
    })
    if (result.duplicate) {
      throw new ApiError(409, 'webhook_replayed', `Delivery "${verdict.id}" was received before`, {
        instanceId: result.instance.id,
      })
    }
    return c.json({ instance: result.instance }, 202)
  })

  return router
}

function parseObject(body: string): Record<string, unknown> {
  if (body.trim() === '') return {}
  let value: unknown
  try {
    value = JSON.parse(body)
  } catch {
    throw new ApiError(400, 'malformed_body', 'The delivery body is not valid JSON')
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ApiError(400, 'invalid_request', "The delivery body must be a JSON object: the trigger's input")
  }
  return value as Record<string, unknown>
}
