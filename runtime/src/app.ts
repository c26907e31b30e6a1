import { secureHeaders } from 'hono/secure-headers'
import { signInFromLink } from './auth/session'
import { apiDocsRoutes } from './http/api-docs'
import { applyContentSecurityPolicy } from './http/content-security-policy'
import { refuseCrossSiteRequests } from './http/csrf-guard'
import { errorHandler, notFoundHandler } from './http/error-handler'
import { serveEditor } from './http/editor-static'
import type { ExampleCatalog } from './http/examples-catalog'
import { healthRoute, refuseChangesWhenHalted } from './http/fail-stop'
import { limitBodies, limitJsonNesting, requireJsonBodies } from './http/request-guards'
import { createGuards, createRouter } from './http/router'
import { auditRoutes } from './http/routes/audit'
import { deploymentRequestRoutes } from './http/routes/deployment-requests'
import { deploymentRoutes } from './http/routes/deployments'
import { exampleRoutes } from './http/routes/examples'
import { incidentRoutes } from './http/routes/incidents'
import { instanceRoutes } from './http/routes/instances'
import { eventLogRoutes } from './http/routes/event-log'
import { metricRoutes } from './http/routes/metrics'
import { metricTrendRoutes } from './http/routes/metric-trends'
import { secretRoutes } from './http/routes/secrets'
import { simulationRoutes } from './http/routes/simulations'
import { stepAutonomyRoutes } from './http/routes/step-autonomy'
import { stepFallbackRoutes } from './http/routes/step-fallbacks'
import { stepHistoryRoutes } from './http/routes/step-history'
import { pilotRoutes } from './http/routes/pilots'
import { taskRoutes } from './http/routes/tasks'
import { laneRoutes } from './http/routes/lanes'
import { tokenRoutes } from './http/routes/tokens'
import { webhookRoutes } from './http/routes/webhooks'
import { workflowRoutes } from './http/routes/workflows'
import { workflowBpmnRoutes } from './http/routes/workflow-bpmn'
import type { ConveyorService } from './service/types'

export interface AppDeps {
  service: ConveyorService
  examples: ExampleCatalog
  /** The built editor's folder; without it the app serves the API only. */
  editorDist?: string
  /** Clock for webhook timestamps; `Date.now` by default. */
  now?: () => number
  /** Where unexpected errors are reported; nothing is logged by default. */
  log?: (line: string) => void
  /** One line per request (method, path, status, time), when given. */
  accessLog?: (line: string) => void
  /**
   * How `PUT /api/workflows/{id}` saves: through the workflow's live document when live co-editing
   * runs (`documents/`); the service's `updateWorkflow` by default.
   */
  saveWorkflow?: ConveyorService['updateWorkflow']
}

const apiPrefixes = ['/api/', '/hooks/']

/** The whole HTTP surface as a value: `app.request()` in tests, bound to a port by `main.ts`. */
export function createApp(deps: AppDeps) {
  const { service, examples } = deps
  const now = deps.now ?? Date.now
  const log = deps.log ?? (() => {})
  const guards = createGuards(service)
  const app = createRouter()

  app.onError(errorHandler(log))
  app.notFound(notFoundHandler)

  const accessLog = deps.accessLog
  if (accessLog) {
    app.use('*', async (c, next) => {
      const started = performance.now()
      await next()
      // The path only: query strings may carry a sign-in token.
      accessLog(`${c.req.method} ${c.req.path} ${c.res.status} ${(performance.now() - started).toFixed(1)}ms`)
    })
  }
  app.use('*', secureHeaders({ strictTransportSecurity: false, crossOriginResourcePolicy: false }))
  app.use('*', applyContentSecurityPolicy)
  app.use('/api/*', refuseCrossSiteRequests)
  app.use('*', limitBodies)
  app.use('/api/*', requireJsonBodies)
  for (const prefix of apiPrefixes) {
    app.use(`${prefix}*`, refuseChangesWhenHalted(service))
    app.use(`${prefix}*`, limitJsonNesting)
  }

  healthRoute(app, service)

  const saveWorkflow = deps.saveWorkflow ?? service.updateWorkflow.bind(service)
  app.route('/', workflowBpmnRoutes(service, guards))
  app.route('/', workflowRoutes(service, guards, examples, saveWorkflow))
  app.route('/', exampleRoutes(guards, examples))
  app.route('/', deploymentRoutes(service, guards))
  app.route('/', stepAutonomyRoutes(service, guards))
  app.route('/', stepFallbackRoutes(service, guards))
  app.route('/', stepHistoryRoutes(service, guards))
  app.route('/', pilotRoutes(service, guards))
  app.route('/', deploymentRequestRoutes(service, guards))
  app.route('/', instanceRoutes(service, guards))
  app.route('/', taskRoutes(service, guards))
  app.route('/', incidentRoutes(service, guards))
  app.route('/', auditRoutes(service, guards))
  app.route('/', metricRoutes(service, guards))
  app.route('/', metricTrendRoutes(service, guards))
  app.route('/', eventLogRoutes(service, guards))
  app.route('/', simulationRoutes(service, guards))
  app.route('/', tokenRoutes(service, guards))
  app.route('/', laneRoutes(service, guards))
  app.route('/', secretRoutes(service, guards))
  app.route('/', webhookRoutes(service, guards, now))

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description:
      'An API token (`pnpm conveyor tokens create`), or the session cookie set by opening `/?token=…`',
  })
  let openApiDocument: unknown
  app.get('/api/openapi.json', (c) => {
    openApiDocument ??= app.getOpenAPI31Document({
      openapi: '3.1.0',
      info: {
        title: 'Conveyor API',
        version: '1',
        description:
          'Design, deploy, run and measure workflows. Errors are `{error: {code, message, details?}}`.',
      },
    })
    return c.json(openApiDocument)
  })
  app.route('/api/docs', apiDocsRoutes())

  const editor = deps.editorDist ? serveEditor(deps.editorDist) : undefined
  app.use('*', signInFromLink(service))
  // Whatever no route took ends here, whatever its method: a server that mounts this app (the
  // collaboration endpoint does) would otherwise answer it with its own plain-text 404.
  app.all('*', (c) => {
    const isApi = apiPrefixes.some((prefix) => c.req.path.startsWith(prefix)) || c.req.path === '/api'
    if (!editor || isApi || !['GET', 'HEAD'].includes(c.req.method)) return notFoundHandler(c)
    return editor(c, async () => {})
  })

  return app
}

export type ConveyorApp = ReturnType<typeof createApp>
