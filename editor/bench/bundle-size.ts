import { gzipSync } from 'node:zlib'
import type { Page, Response } from 'playwright-core'

export const isMonaco = (urlPath: string) => /monaco|editor\.main|\.worker/i.test(urlPath)

/**
 * Records the JavaScript the page downloads from now on, gzipped as a compressing server would
 * send it, by path. Measured from the responses, so it is what the browser really loaded.
 */
export function recordScripts(page: Page): { stop(): Promise<Map<string, number>> } {
  const pending: Array<Promise<[string, number] | undefined>> = []
  const onResponse = (response: Response) => {
    const path = new URL(response.url()).pathname
    if (!path.endsWith('.js')) return
    pending.push(
      response.body().then(
        (body): [string, number] => [path, gzipSync(body, { level: 9 }).length],
        () => undefined,
      ),
    )
  }
  page.on('response', onResponse)
  return {
    async stop() {
      page.off('response', onResponse)
      const entries = (await Promise.all(pending)).filter((entry) => entry !== undefined)
      return new Map(entries)
    },
  }
}

export function totalBytes(scripts: Map<string, number>, include: (path: string) => boolean = () => true) {
  return [...scripts].filter(([path]) => include(path)).reduce((sum, [, bytes]) => sum + bytes, 0)
}
