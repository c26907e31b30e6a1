import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

/** Gzipped bytes of built files, as a server compressing them would send. */
export function gzipSize(distDir: string, urlPath: string): number {
  return gzipSync(readFileSync(join(distDir, urlPath.replace(/^\//, ''))), { level: 9 }).length
}

/** The scripts index.html loads up front: its entry module and every module it preloads. */
export function initialScripts(distDir: string): string[] {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8')
  const sources = [
    ...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g),
  ]
  return [...new Set(sources.map((match) => match[1] ?? ''))].filter(Boolean)
}

export const isMonaco = (urlPath: string) => /monaco|editor\.main|\.worker/i.test(urlPath)
