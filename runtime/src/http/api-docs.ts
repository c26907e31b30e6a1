import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { Hono } from 'hono'
import { notFoundHandler } from './error-handler'

// Swagger UI is served from the installed package: the docs page works offline, with no CDN.
const swaggerUiFolder = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'))

const assets = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
} as const

const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Conveyor API</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/assets/start.js"></script>
</body></html>`

// No validator badge: it would send the document's address to validator.swagger.io.
const start = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', validatorUrl: null })`

/** The browsable API reference at /api/docs, over the generated /api/openapi.json. */
export function apiDocsRoutes() {
  const cache = new Map<string, string>()
  return new Hono()
    .get('/', (c) => c.html(page))
    .get('/assets/start.js', (c) => c.body(start, 200, { 'content-type': 'text/javascript; charset=utf-8' }))
    .get('/assets/:file', async (c) => {
      const file = c.req.param('file')
      // Not c.notFound(): that answers with the handler of whichever app mounts this one, in plain text.
      if (!Object.hasOwn(assets, file)) return notFoundHandler(c)
      let body = cache.get(file)
      if (body === undefined) {
        body = await readFile(join(swaggerUiFolder, file), 'utf8')
        cache.set(file, body)
      }
      return c.body(body, 200, {
        'content-type': assets[file as keyof typeof assets],
        'cache-control': 'public, max-age=86400',
      })
    })
}
