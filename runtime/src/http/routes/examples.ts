import { createRoute, z } from '@hono/zod-openapi'
import type { ExampleCatalog } from '../examples-catalog'
import { bearer, createRouter, type Guards } from '../router'
import { errors, json } from '../schemas/common'
import { ExampleSummary } from '../schemas/workflows'

const list = createRoute({
  method: 'get',
  path: '/api/examples',
  tags: ['Workflows'],
  summary: 'The example workflows offered as templates',
  security: bearer,
  responses: { 200: json(z.object({ items: z.array(ExampleSummary) }), 'The examples'), ...errors() },
})

export function exampleRoutes(guards: Guards, examples: ExampleCatalog) {
  const router = createRouter()
  router.openapi({ ...list, middleware: guards.read }, (c) => {
    const items = examples.list().map(({ slug, title, summary, document }) => ({
      slug,
      title,
      summary,
      name: document.name,
      description: document.description,
      valueStream: document.valueStream,
      nodeCount: document.nodes.length,
      document,
    }))
    return c.json({ items }, 200)
  })
  return router
}
