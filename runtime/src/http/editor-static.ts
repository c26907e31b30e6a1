import { readFile, stat } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'
import type { Handler } from 'hono'

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
}

const missingBuildPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Conveyor</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>Conveyor is running</h1>
<p>The API answers at <a href="/api/docs">/api/docs</a>, but the editor has not been built yet.</p>
<p>Run <code>pnpm build</code> (or start with <code>pnpm start</code>, which builds it) and reload this page.</p>
</body></html>`

async function fileAt(root: string, requestPath: string): Promise<string | undefined> {
  let decoded: string
  try {
    decoded = decodeURIComponent(requestPath)
  } catch {
    return undefined
  }
  if (decoded.includes('\0')) return undefined
  const path = normalize(join(root, decoded))
  if (path !== root && !path.startsWith(root + sep)) return undefined
  const info = await stat(path).catch(() => undefined)
  return info?.isFile() ? path : undefined
}

/**
 * Browsers and tools that ask for `/favicon.ico` without reading the page get the editor's SVG icon
 * (served as SVG, which every current browser shows whatever name it asked for).
 */
const aliases: Record<string, string> = { '/favicon.ico': '/favicon.svg' }

/** A request for a file (it has an extension) is never answered with the editor's page. */
const looksLikeFile = (requestPath: string) => extname(requestPath) !== ''

/**
 * Serves the built editor. Unknown page paths get index.html so the editor's own routes work on
 * reload, but a missing file is a 404: a stale script must fail loudly, not run HTML. Hashed
 * assets are cached for good, index.html never (it names the current assets).
 */
export function serveEditor(root: string): Handler {
  const index = join(root, 'index.html')
  return async (c) => {
    const alias = aliases[c.req.path]
    const found = (await fileAt(root, c.req.path)) ?? (alias && (await fileAt(root, alias)))
    if (!found && looksLikeFile(c.req.path)) return c.text(`No file at ${c.req.path}`, 404)
    const path = found ?? index
    const body = await readFile(path).catch(() => undefined)
    if (!body) return c.html(missingBuildPage, 200, { 'Cache-Control': 'no-store' })
    const cache = path.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache'
    const type = contentTypes[extname(path).toLowerCase()] ?? 'application/octet-stream'
    if (c.req.method === 'HEAD') return c.body(null, 200, { 'Content-Type': type, 'Cache-Control': cache })
    return c.body(body, 200, { 'Content-Type': type, 'Cache-Control': cache })
  }
}
