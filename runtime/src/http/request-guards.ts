import type { MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { jsonLimits, textTooDeep } from '../limits/json-limits'
import { ApiError } from './errors'

export const mebibyte = 1024 * 1024
/** Workflow documents carry whole diagrams; everything else is small. */
export const documentBodyLimit = 5 * mebibyte
export const defaultBodyLimit = mebibyte

const documentRoutes = /^\/api\/workflows(\/[^/]+)?$/
/** The one API route whose body is XML (a BPMN 2.0 file); its own limits are checked on the text. */
export const bpmnImportPath = '/api/workflows/import'
export const bpmnMediaTypes = ['application/bpmn+xml', 'application/xml', 'text/xml']

function tooLarge(limit: number): () => never {
  return () => {
    throw new ApiError(413, 'body_too_large', `The request body is larger than ${limit / mebibyte} MiB`)
  }
}

const documentLimit = bodyLimit({ maxSize: documentBodyLimit, onError: tooLarge(documentBodyLimit) })
const defaultLimit = bodyLimit({ maxSize: defaultBodyLimit, onError: tooLarge(defaultBodyLimit) })

/** Refuses oversized bodies before they are read: 5 MiB for workflow documents, 1 MiB elsewhere. */
export const limitBodies: MiddlewareHandler = (c, next) => {
  if (c.req.method === 'GET' || c.req.method === 'HEAD') return next()
  return documentRoutes.test(c.req.path) ? documentLimit(c, next) : defaultLimit(c, next)
}

/**
 * API bodies are JSON (but a BPMN import's, which is XML); anything else is refused up front
 * instead of being read as an empty object.
 */
export const requireJsonBodies: MiddlewareHandler = async (c, next) => {
  const hasBody = c.req.header('content-length') !== undefined && c.req.header('content-length') !== '0'
  const chunked = c.req.header('transfer-encoding') !== undefined
  if ((hasBody || chunked) && !['GET', 'HEAD'].includes(c.req.method)) {
    const type = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase()
    // The BPMN import checks its own media type.
    if (type !== 'application/json' && c.req.path !== bpmnImportPath) {
      throw new ApiError(
        415,
        'unsupported_media_type',
        'Send the request body as JSON (Content-Type: application/json)',
      )
    }
  }
  await next()
}

/**
 * Deeply nested JSON breaks recursive code far from here (serializing state, cloning snapshots):
 * it is refused by a scan of the text, before it is parsed. The text is cached for the route.
 */
export const limitJsonNesting: MiddlewareHandler = async (c, next) => {
  if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.path === bpmnImportPath) return next()
  const where = textTooDeep(await c.req.text())
  if (where) {
    throw new ApiError(
      400,
      'too_deep',
      `The request body nests arrays and objects deeper than ${jsonLimits.maxDepth} levels (the limit), at line ${where.line}, column ${where.column}`,
      { limit: jsonLimits.maxDepth, ...where },
    )
  }
  await next()
}
