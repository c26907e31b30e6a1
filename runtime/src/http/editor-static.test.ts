import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serveEditor } from './editor-static'

let dist: string
let outside: string

function appServing(root: string) {
  const app = new Hono()
  app.get('*', serveEditor(root))
  return app
}

beforeAll(async () => {
  const base = await mkdtemp(join(tmpdir(), 'conveyor-dist-'))
  dist = join(base, 'dist')
  outside = join(base, 'secret.txt')
  await mkdir(join(dist, 'assets'), { recursive: true })
  await writeFile(join(dist, 'index.html'), '<!doctype html><div id="root"></div>')
  await writeFile(join(dist, 'assets', 'app-123.js'), 'console.log(1)')
  await writeFile(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>')
  await writeFile(outside, 'not for the browser')
})
afterAll(() => rm(join(dist, '..'), { recursive: true, force: true }))

describe('serving the built editor', () => {
  it('serves files with their type, hashed assets cached for good', async () => {
    const response = await appServing(dist).request('/assets/app-123.js')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/javascript/)
    expect(response.headers.get('cache-control')).toMatch(/immutable/)
    expect(await response.text()).toBe('console.log(1)')
  })

  it("answers the editor's own routes with index.html, never cached", async () => {
    const response = await appServing(dist).request('/workflows/order-to-cash/edit')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/text\/html/)
    expect(response.headers.get('cache-control')).toBe('no-cache')
    expect(await response.text()).toContain('id="root"')
  })

  it('answers /favicon.ico with the SVG icon', async () => {
    for (const path of ['/favicon.ico', '/favicon.svg']) {
      const response = await appServing(dist).request(path)
      expect(response.status, path).toBe(200)
      expect(response.headers.get('content-type'), path).toBe('image/svg+xml')
      expect(await response.text(), path).toContain('<svg')
    }
  })

  it('answers a missing file with 404, not with the editor page', async () => {
    const response = await appServing(dist).request('/assets/app-old.js')
    expect(response.status).toBe(404)
    expect(response.headers.get('content-type')).not.toMatch(/text\/html/)
  })

  it('never serves files outside the folder', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt']) {
      const text = await (await appServing(dist).request(path)).text()
      expect(text, path).not.toContain('not for the browser')
    }
  })

  it('says how to build the editor when it is missing', async () => {
    const response = await appServing(join(dist, 'missing')).request('/')
    expect(response.status).toBe(200)
    expect(await response.text()).toMatch(/pnpm build/)
  })
})
