import { calibrate, type AutonomyLevel } from '@conveyor/shared'
import type { PilotSettings } from '@conveyor/shared/protocol/pilots'
import { examples } from '@conveyor/examples'
import { keyFromSecret } from '../assistant/assistant-key'
import { LocalAssistant } from '../assistant/local-provider'
import { OpenAiCompatibleAssistant } from '../assistant/openai-compatible-provider'
import type { AssistantProvider } from '../assistant/provider'
import { AddressPolicy } from '../connectors/address-policy'
import { DeploymentCache } from '../engine/deployments'
import { Engine } from '../engine/engine'
import { StepHistoryReader } from '../history/step-history'
import { observeRuns } from '../calibration/observe-runs'
import { RunLog } from '../calibration/run-log'
import { EventLogExport, type EventLogQuery } from '../event-log/event-log-export'
import { MetricsSource } from '../metrics/metrics-source'
import { EndedItems } from '../pilots/ended-items'
import { OwnerJudging } from '../autonomy/owner-judging'
import { PilotGuard } from '../pilots/pilot-guard'
import { pilotFamilies } from '../pilots/pilot-metrics'
import { PilotRouting } from '../pilots/pilot-routing'
import { PilotTable } from '../pilots/pilot-table'
import { renderPrometheus } from '../metrics/prometheus'
import { TrendsSource } from '../metrics/trends-source'
import type { TrendQuery } from '@conveyor/shared/protocol/metric-trends'
import { verifyAuditChain } from '../store/audit-verify'
import type { Db } from '../store/database'
import { Writer } from '../store/writer'
import type { SqlDatabase } from '../store/sql'
import { SecretCipher } from '../secrets/secret-cipher'
import { SecretStore } from '../secrets/secret-store'
import { InstanceStarts } from './instance-starts'
import { Operations } from './operations'
import { Queries } from './queries'
import { RoutedCalls } from './routed-calls'
import { RoutedOperations } from './routed-operations'
import { RoutedStarts } from './routed-starts'
import { RoutedTasks } from './routed-tasks'
import { ScheduleRows } from './schedule-rows'
import { Scheduler } from './scheduler'
import type { ServiceStore } from './service-store'
import { partitionOf } from '../cluster/partitions'
import type { ReplicaCluster } from '../cluster/replica-cluster'
import { ReplicaMetrics } from '../cluster/replica-metrics'
import { DeploymentRequests } from './deployment-requests'
import { ForbiddenError } from './errors'
import { LaneMembers } from './lane-members'
import { PilotControl } from './pilots'
import { PolicyWakeUps } from './policy-wake-ups'
import { StepAutonomyControl } from './step-autonomy'
import { StepFallbackControl } from './step-fallbacks'
import { Tokens } from './tokens'
import type { Actor, ConveyorService, Health, Role, ServiceOptions, TaskActor, TaskCompletion } from './types'
import { WebhookSecrets } from './webhook-secrets'
import { WorkflowCatalog } from './workflows'

const system: Actor = 'system'

export class SqliteConveyorService implements ConveyorService {
  private readonly sqlite: Db | undefined
  /** The store's port: every read and write of the service goes through it. */
  readonly sql: SqlDatabase
  readonly engine: Engine
  private readonly writer: Writer
  private readonly catalog: WorkflowCatalog
  private readonly deployRequests: DeploymentRequests
  private readonly starts: InstanceStarts
  private readonly tasks: Engine['tasks']
  private readonly operations: Operations
  /** Requests that change an instance, run by the owner of its partition (here or another replica). */
  /** Runs requests on their partition's owner; the live documents route theirs through it too. */
  readonly routed: RoutedCalls
  private readonly routedStarts: RoutedStarts
  private readonly routedTasks: RoutedTasks
  private readonly routedOperations: RoutedOperations
  private readonly queries: Queries
  private readonly tokens: Tokens
  private readonly lanes: LaneMembers
  private readonly autonomy: StepAutonomyControl
  private readonly fallbacks: StepFallbackControl
  private readonly history: StepHistoryReader
  private readonly webhookSecrets: WebhookSecrets
  private readonly secrets: SecretStore
  private readonly metrics: MetricsSource
  private readonly trends: TrendsSource
  private readonly runLog: RunLog
  private readonly now: () => number
  private readonly eventLog: EventLogExport
  private readonly deployments: DeploymentCache
  private readonly pilots: PilotControl
  private readonly pilotGuard: PilotGuard
  private readonly pilotTable: PilotTable
  private readonly policyWakeUps: PolicyWakeUps
  private readonly ownerJudging: OwnerJudging
  private readonly assistant: AssistantProvider
  /** Public so that tests can fire due schedules after moving the clock. */
  readonly scheduler: Scheduler
  private closed = false
  private readonly runWorkflows: boolean
  /** Where the secret key came from, named when it does not open what is sealed. */
  private readonly keySource: string
  /** This replica among those sharing the store: what it owns, how it hears the others. */
  readonly cluster: ReplicaCluster
  private readonly replicaMetrics: ReplicaMetrics

  constructor(store: ServiceStore, options: ServiceOptions = {}) {
    const now = options.now ?? Date.now
    this.now = now
    this.runWorkflows = options.runWorkflows ?? true
    this.sqlite = store.sqlite
    this.sql = store.sql
    this.cluster = store.cluster
    this.replicaMetrics = new ReplicaMetrics(this.cluster, this.sql, now)
    const { ownership, replicaId } = this.cluster
    // Batches commit only while this replica holds their instances' partitions. One that runs no
    // workflows leases none (an engine a test drives is handed its partitions by hand): no fence.
    const fence = { replicaId, epochOf: (part: number) => ownership.epochOf(part) }
    this.writer = new Writer(this.sql, this.runWorkflows ? { fence } : {})
    const cipher = new SecretCipher(store.secretKey)
    this.secrets = new SecretStore(this.sql, this.writer, cipher, now)
    this.keySource = store.keySource
    this.webhookSecrets = new WebhookSecrets(this.sql, this.writer, cipher, now)
    const deployments = new DeploymentCache(this.sql)
    this.deployments = deployments
    this.assistant =
      options.assistant?.provider === 'openai-compatible'
        ? new OpenAiCompatibleAssistant({
            ...options.assistant,
            apiKey: keyFromSecret(this.secrets, options.assistant.apiKeySecret),
          })
        : new LocalAssistant(this.sql, this.writer)
    this.engine = new Engine({
      sql: this.sql,
      writer: this.writer,
      deployments,
      policy: new AddressPolicy(options.allowPrivateHosts ?? []),
      secrets: this.secrets,
      assistant: this.assistant,
      now,
      ownership: this.cluster.ownershipEvents,
    })
    // A failed commit stops all that acts on its own: the engine (its timers too) and the schedules.
    this.writer.onFailure = (error) => {
      this.engine.halt(error)
      this.scheduler.stopAll()
      this.pilotGuard.stop()
      // Its partitions go to the replicas still running: held here, their work would wait for a restart.
      this.cluster.ownership.stop().catch((failure: unknown) => {
        const reason = failure instanceof Error ? failure.message : String(failure)
        console.error(`Handing the partitions over failed (their leases run out instead): ${reason}`)
      })
    }
    // A batch refused as no longer this replica's: its instances are loaded again from the store when needed.
    this.writer.onFenced = (instanceIds) => this.engine.forget(instanceIds)
    this.catalog = new WorkflowCatalog(this.sql, this.writer, now, () => this.secrets.names())
    this.pilotTable = new PilotTable(this.sql, this.writer, now)
    // Each workflow's pilot is judged by the workflow's owner, which looks for items ended elsewhere.
    const ownsWorkflow = (workflowId: string) => this.cluster.ownership.owns(partitionOf(workflowId))
    this.pilotGuard = new PilotGuard(this.pilotTable, new EndedItems(this.sql), now, {
      owns: ownsWorkflow,
      pollEveryMs: this.sql.engine === 'postgres' ? 1_000 : undefined,
    })
    this.engine.onSettled((settled) => this.pilotGuard.itemEnded(settled.workflowId))
    this.pilots = new PilotControl(this.pilotTable, this.pilotGuard, this.catalog, this.writer, now)
    this.deployRequests = new DeploymentRequests(
      this.sql,
      this.writer,
      this.catalog,
      now,
      { assistantCallsOutside: options.assistant?.provider === 'openai-compatible' },
      this.pilots,
    )
    const routing = new PilotRouting(this.pilotTable, deployments)
    this.starts = new InstanceStarts(this.sql, this.engine, this.catalog, deployments, routing)
    this.tasks = this.engine.tasks
    this.operations = new Operations(this.sql, {
      instances: this.engine,
      work: this.engine.work,
      incidents: this.engine.incidents,
      writer: this.writer,
      now,
    })
    this.queries = new Queries(this.sql)
    this.routed = new RoutedCalls(this.cluster, this.sql, (error) =>
      console.error(
        'Running commands for this replica failed:',
        error instanceof Error ? error.message : error,
      ),
    )
    this.routedStarts = new RoutedStarts(this.routed, this.starts, this.cluster.ownership)
    this.routedTasks = new RoutedTasks(this.routed, this.tasks, this.queries, this.sql, now)
    this.routedOperations = new RoutedOperations(this.routed, this.operations, this.queries)
    this.tokens = new Tokens(this.sql, this.writer, now)
    this.lanes = new LaneMembers(this.sql, this.writer, now)
    this.autonomy = new StepAutonomyControl(deployments, this.engine.autonomy)
    const { fallbackTable, fallbacks } = this.engine
    this.fallbacks = new StepFallbackControl(deployments, fallbackTable, fallbacks, this.writer)
    const policies = {
      fallbacks: fallbackTable,
      pilots: this.pilotTable,
      autonomy: this.engine.autonomy.table,
    }
    const replicaError = (error: unknown) =>
      console.error('Keeping policies in step with other replicas failed:', error)
    this.policyWakeUps = new PolicyWakeUps(this.sql, this.writer, policies, replicaError)
    this.ownerJudging = new OwnerJudging(this.sql, this.engine.autonomy, ownsWorkflow, replicaError)
    this.history = new StepHistoryReader(this.sql, this.catalog)
    this.metrics = new MetricsSource(this.sql, options.costPerItem)
    // The tallies catch up with the log once (all of it, after an upgrade, in start), then move with each batch.
    this.writer.inTransaction = (tx, events, lastSeq) => this.metrics.store.foldWritten(tx, events, lastSeq)
    this.trends = new TrendsSource(this.sql, (id) => this.metrics.nodes(id), now, options.costPerItem)
    this.runLog = new RunLog(this.sql)
    this.eventLog = new EventLogExport(this.sql)
    const scheduleError = (error: unknown) =>
      console.error('A scheduled start failed:', error instanceof Error ? error.message : error)
    this.scheduler = new Scheduler(
      new ScheduleRows(this.sql, this.writer, this.catalog, deployments, scheduleError),
      this.writer,
      now,
      (request) => this.startInstance(request),
      scheduleError,
    )
  }

  async listWorkflows() {
    return this.catalog.list()
  }
  async getWorkflow(workflowId: string) {
    return this.catalog.get(workflowId)
  }
  async createWorkflow(document: unknown, by: Actor = system) {
    return this.catalog.create(document, by)
  }
  async updateWorkflow(
    workflowId: string,
    document: unknown,
    options: Parameters<ConveyorService['updateWorkflow']>[2] = {},
  ) {
    const by = options.by ?? system
    return this.catalog.update(workflowId, document, options.expectedRevision, by, options.editors ?? [by])
  }
  async deleteWorkflow(workflowId: string, by: Actor = system) {
    await this.catalog.remove(workflowId, by, () => {
      // In the same transaction: a pilot left running would hold a workflow made later under this id.
      this.pilots.endWithWorkflow(workflowId, by)
      // What is held in memory of its steps' policy goes with their rows, in the same batch.
      this.engine.fallbackTable.forget(workflowId)
      this.engine.autonomy.forget(workflowId)
      this.policyWakeUps.changed('fallback', workflowId)
      this.policyWakeUps.changed('autonomy', workflowId)
      this.assistant.forget?.(workflowId)
    })
    await this.scheduler.refresh(workflowId)
  }
  async seedExamplesIfEmpty() {
    if (!(await this.catalog.isEmpty())) return 0
    for (const example of examples) await this.catalog.create(example.document, system)
    return examples.length
  }

  async deploy(workflowId: string, by: Actor = system) {
    this.pilots.assertNoneRunning(workflowId)
    const result = await this.catalog.deploy(workflowId, by, {
      recheck: () => this.pilots.assertNoneRunning(workflowId),
    })
    if (result.ok) await this.scheduler.refresh(workflowId)
    return result
  }
  async requestDeploy(workflowId: string, by: Actor = system, options: { pilot?: PilotSettings } = {}) {
    const result = await this.deployRequests.request(workflowId, by, options.pilot)
    if (result.ok && 'deployment' in result) await this.scheduler.refresh(workflowId)
    return result
  }
  async listDeploymentRequests(workflowId: string) {
    return this.deployRequests.list(workflowId)
  }
  async getDeploymentRequest(workflowId: string, n: number) {
    return this.deployRequests.get(workflowId, n)
  }
  async approveDeploymentRequest(workflowId: string, n: number, by: Actor) {
    const result = await this.deployRequests.approve(workflowId, n, by)
    if (result.ok) await this.scheduler.refresh(workflowId)
    return result
  }
  async rejectDeploymentRequest(workflowId: string, n: number, options: { reason?: string; by: Actor }) {
    return this.deployRequests.reject(workflowId, n, options.by, options.reason)
  }
  async listDeployments(workflowId: string) {
    return this.catalog.deployments(workflowId)
  }
  async getDeployment(deploymentId: string) {
    return this.catalog.deployment(deploymentId)
  }
  async listPilots(workflowId: string) {
    return this.pilots.list(workflowId)
  }
  async promotePilot(workflowId: string, version: number, by: Actor = system) {
    this.engine.assertRunning()
    const view = await this.pilots.promote(workflowId, version, by)
    // The promoted version is the current one now, schedules included.
    await this.scheduler.refresh(workflowId)
    return view
  }
  async rollBackPilot(workflowId: string, version: number, options: { reason?: string; by?: Actor } = {}) {
    this.engine.assertRunning()
    return this.pilots.rollback(workflowId, version, options.by ?? system, options.reason)
  }

  startInstance(request: Parameters<ConveyorService['startInstance']>[0]) {
    return this.routedStarts.start(request)
  }
  startFromWebhook(request: Parameters<ConveyorService['startFromWebhook']>[0]) {
    return this.routedStarts.startFromWebhook(request)
  }
  async listInstances(filter?: Parameters<ConveyorService['listInstances']>[0]) {
    return this.queries.listInstances(filter)
  }
  async getInstance(instanceId: string) {
    return this.queries.getInstance(instanceId)
  }
  async cancelInstance(instanceId: string, options: { reason?: string; by?: Actor } = {}) {
    return this.routedOperations.cancelInstance(instanceId, options.reason, options.by ?? system)
  }

  async listTasks(filter?: Parameters<ConveyorService['listTasks']>[0]) {
    return this.queries.listTasks(filter)
  }
  async getTask(taskId: string) {
    return this.queries.getTask(taskId)
  }
  async claimTask(taskId: string, actingAs: TaskActor) {
    await this.assertInLane(taskId, actingAs)
    await this.routedTasks.claim(taskId, actingAs)
    return this.queries.getTask(taskId)
  }
  async releaseTask(taskId: string, actingAs?: TaskActor) {
    await this.routedTasks.release(taskId, actingAs?.actor ?? system, actingAs)
    return this.queries.getTask(taskId)
  }
  async completeTask(taskId: string, completion: TaskCompletion, actingAs?: TaskActor) {
    await this.assertInLane(taskId, actingAs)
    const by = actingAs?.actor ?? completion.by
    await this.routedTasks.complete(taskId, by === undefined ? completion : { ...completion, by }, actingAs)
    return this.queries.getTask(taskId)
  }
  async rejectTask(taskId: string, options: { reason?: string; by?: Actor } = {}, actingAs?: TaskActor) {
    await this.assertInLane(taskId, actingAs)
    await this.routedTasks.reject(taskId, options.reason, actingAs?.actor ?? options.by ?? system, actingAs)
    return this.queries.getTask(taskId)
  }

  /** A lane with members gives its work to them; operators and admins act on anyone's behalf. */
  private async assertInLane(taskId: string, actingAs: TaskActor | undefined): Promise<void> {
    if (!actingAs || actingAs.mayActForOthers) return
    const task = await this.queries.getTask(taskId)
    if (await this.lanes.admits([task.lane, task.escalatedTo], actingAs.name)) return
    throw new ForbiddenError(
      `Task "${taskId}" is work for the lane "${task.laneName ?? task.lane}", and ${actingAs.name} is not one of its members`,
    )
  }
  async getStepAutonomy(workflowId: string, nodeId: string) {
    return this.autonomy.get(workflowId, nodeId)
  }
  async setStepAutonomy(
    workflowId: string,
    nodeId: string,
    change: { level: AutonomyLevel; threshold?: number },
    by: Actor = system,
  ) {
    this.engine.assertRunning()
    return this.autonomy.set(workflowId, nodeId, change, by)
  }
  async declineAutonomyProposal(workflowId: string, nodeId: string, by: Actor = system) {
    this.engine.assertRunning()
    return this.autonomy.decline(workflowId, nodeId, by)
  }
  async getStepFallback(workflowId: string, nodeId: string) {
    return this.fallbacks.get(workflowId, nodeId)
  }
  async listStepFallbacks(workflowId: string) {
    return this.fallbacks.list(workflowId)
  }
  async setStepFallback(
    workflowId: string,
    nodeId: string,
    change: { manual: boolean; reason: string },
    by: Actor = system,
  ) {
    this.engine.assertRunning()
    return this.fallbacks.set(workflowId, nodeId, change, by)
  }
  async getStepHistory(workflowId: string, nodeId: string, limit?: number) {
    await this.writer.committed()
    return this.history.read(workflowId, nodeId, limit)
  }
  async listLaneMembers(lane: string) {
    return this.lanes.list(lane)
  }
  async addLaneMember(lane: string, name: string, by: Actor = system) {
    return this.lanes.add(lane, name, by)
  }
  async removeLaneMember(lane: string, name: string, by: Actor = system) {
    return this.lanes.remove(lane, name, by)
  }

  async listIncidents(filter?: Parameters<ConveyorService['listIncidents']>[0]) {
    return this.queries.listIncidents(filter)
  }
  async getIncident(incidentId: string) {
    return this.queries.getIncident(incidentId)
  }
  async retryIncident(incidentId: string, by: Actor = system) {
    return this.routedOperations.retryIncident(incidentId, by)
  }
  async skipIncident(incidentId: string, options: { result?: unknown; by?: Actor } = {}) {
    return this.routedOperations.skipIncident(incidentId, options.result, options.by ?? system)
  }
  async cancelIncident(incidentId: string, by: Actor = system) {
    return this.routedOperations.cancelIncident(incidentId, by)
  }

  async listAudit(filter?: Parameters<ConveyorService['listAudit']>[0]) {
    return this.queries.listAudit(filter)
  }
  async verifyAudit() {
    await this.writer.committed()
    return verifyAuditChain(this.sql)
  }

  async getWorkflowMetrics(workflowId: string, options?: { deploymentId?: string; since?: string }) {
    await this.catalog.row(workflowId)
    return (await this.metrics.workflow(workflowId, options)).metrics
  }
  async getWorkflowTrends(workflowId: string, query: TrendQuery = {}) {
    await this.catalog.row(workflowId)
    return this.trends.workflow(workflowId, query)
  }
  async calibrateFromRuns(workflowId: string, days: number) {
    const { document } = await this.catalog.get(workflowId)
    await this.writer.committed()
    const to = this.now()
    const events = this.runLog.since(workflowId, to - days * 86_400_000)
    return calibrate(await observeRuns(document, events, { days, to }))
  }
  async renderPrometheusMetrics() {
    const ids = (await this.catalog.list()).map((w) => w.id)
    const workflows = await Promise.all(ids.map((id) => this.metrics.workflow(id)))
    const pilots = await pilotFamilies(this.sql, this.pilotTable, ids)
    return renderPrometheus(workflows, [...pilots, ...(await this.replicaMetrics.families())])
  }
  async exportEventLog(workflowId: string, query: EventLogQuery) {
    const { id, name } = await this.catalog.row(workflowId)
    // What was acknowledged is in the log: the download starts after the open batch commits.
    await this.writer.committed()
    return this.eventLog.open({ id, name }, query)
  }

  async createToken(request: { name: string; role: Role; by?: Actor; secret?: string }) {
    return this.tokens.create(request.name, request.role, request.by ?? system, request.secret)
  }
  async listTokens() {
    return this.tokens.list()
  }
  async revokeToken(tokenId: string, by: Actor = system) {
    return this.tokens.revoke(tokenId, by)
  }
  async verifyToken(secret: string) {
    return this.tokens.verify(secret)
  }

  async listSecrets() {
    return this.secrets.list()
  }
  async setSecret(request: { name: string; value: string; by?: Actor; mode?: 'create' | 'replace' }) {
    return this.secrets.set(request.name, request.value, request.by ?? system, request.mode ?? 'create')
  }
  async deleteSecret(name: string, by: Actor = system) {
    return this.secrets.remove(name, by)
  }

  async rotateWebhookSecret(workflowId: string, triggerId: string, by: Actor = system) {
    return this.webhookSecrets.rotate(workflowId, triggerId, by)
  }
  async webhookSecret(workflowId: string, triggerId: string) {
    return this.webhookSecrets.secret(workflowId, triggerId)
  }

  /** Readies the store (it serves only after), then resumes unfinished work and starts schedules. */
  async start() {
    // Listening before the policies are read, so that no change made meanwhile goes unseen.
    const { listener } = this.cluster
    if (listener) {
      await this.policyWakeUps.listen(listener)
      await this.ownerJudging.listen(listener)
    }
    await this.prepareStore()
    if (!this.runWorkflows) return
    await this.cluster.ownership.start()
    await this.routed.start()
    await this.engine.resumed()
    this.pilotGuard.start()
    await this.scheduler.startAll()
  }

  /** Start-up work on the store: a failure closes the store again, so nothing holds it. */
  private async prepareStore() {
    try {
      await this.secrets.assertKeyOpens(this.keySource)
      await this.webhookSecrets.prepare(this.keySource)
      await this.pilotTable.load()
      await this.engine.open()
      await this.metrics.store.catchUp()
    } catch (error) {
      this.closed = true
      await this.cluster.close()
      await this.sql.close()
      throw error
    }
  }

  /** The SQLite connection under `sql`, for tests that reach into the data folder's database. */
  get db(): Db {
    if (this.sqlite === undefined)
      throw new Error('This service runs on PostgreSQL: it has no SQLite connection')
    return this.sqlite
  }

  health(): Health {
    const reason = this.engine.halted
    const replica = { id: this.cluster.replicaId, partitions: this.cluster.ownership.ownedParts().length }
    return reason === undefined ? { ok: true, replica } : { ok: false, reason, replica }
  }

  async close() {
    if (this.closed) return
    this.closed = true
    this.routed.stop()
    this.scheduler.stopAll()
    this.pilotGuard.stop()
    // Losing its partitions stops each part's work there before they are handed over.
    await this.cluster.ownership.stop()
    await this.engine.stop()
    await this.deployments.close()
    await this.writer.close()
    await this.cluster.close()
    await this.sql.close()
  }
}
