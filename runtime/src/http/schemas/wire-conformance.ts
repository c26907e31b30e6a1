import type { z } from '@hono/zod-openapi'
import type * as wire from '@conveyor/shared/protocol/api'
import type { StepAutonomyView } from '@conveyor/shared/protocol/step-autonomy'
import type { Calibration, ScenarioComparison } from '@conveyor/shared'
import type { StepFallbackView } from '@conveyor/shared/protocol/step-fallback'
import type { WorkflowTrends } from '@conveyor/shared/protocol/metric-trends'
import type { StepHistory } from '@conveyor/shared/protocol/step-history'
import type { PilotSettings, PilotView } from '@conveyor/shared/protocol/pilots'
import type * as admin from './admin'
import type * as requests from './deployment-requests'
import type * as instances from './instances'
import type * as trends from './metric-trends'
import type * as simulations from './simulations'
import type * as autonomy from './step-autonomy'
import type * as fallback from './step-fallback'
import type * as history from './step-history'
import type * as pilots from './pilots'
import type * as workflows from './workflows'

/** True when each type is assignable to the other. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
type Check<T extends true> = T
type Matches<Schema extends z.ZodType, Wire> = Same<z.output<Schema>, Wire>
/** For schemas that document a part more loosely (a document as JSON, a code as a string). */
type Fits<Schema extends z.ZodType, Wire> = [Wire] extends [z.output<Schema>] ? true : false

/**
 * The response schemas (what the OpenAPI document promises) checked at compile time against the
 * shared wire types (what the service returns and the editor reads): a field added, renamed or
 * retyped on one side and not the other fails `tsc`. A deploy that finds errors answers 422 with
 * the diagnostics, so the 201 body is the successful result without its `ok`.
 */
export type WireConformance = [
  Check<Matches<typeof workflows.WorkflowSummary, wire.WorkflowSummary>>,
  Check<Fits<typeof workflows.WorkflowRecord, wire.WorkflowRecord>>,
  Check<Matches<typeof workflows.ExampleSummary, wire.ExampleSummary>>,
  Check<Matches<typeof workflows.DeploymentSummary, wire.DeploymentSummary>>,
  Check<Fits<typeof workflows.Deployment, wire.Deployment>>,
  Check<Fits<typeof workflows.DeployResponse, Omit<Extract<wire.DeployResult, { ok: true }>, 'ok'>>>,
  Check<Matches<typeof requests.DeploymentRequest, wire.DeploymentRequest>>,
  Check<
    Fits<
      typeof requests.DeployRequestedResponse,
      Omit<Extract<wire.DeployAttempt, { request: unknown }>, 'ok'>
    >
  >,
  Check<Matches<typeof instances.InstanceSummary, wire.InstanceSummary>>,
  Check<Matches<typeof instances.InstanceDetail, wire.InstanceDetail>>,
  Check<Matches<typeof instances.StartInstanceResponse, wire.StartInstanceResult>>,
  Check<Matches<typeof instances.Task, wire.Task>>,
  Check<Matches<typeof fallback.StepFallbackView, StepFallbackView>>,
  Check<Matches<typeof history.StepHistory, StepHistory>>,
  Check<Matches<typeof instances.Incident, wire.Incident>>,
  Check<Matches<typeof admin.AuditEntry, wire.AuditEntry>>,
  Check<Matches<typeof admin.AuditVerification, wire.AuditVerification>>,
  Check<Matches<typeof admin.WorkflowMetrics, wire.WorkflowMetrics>>,
  Check<Matches<typeof trends.WorkflowTrends, WorkflowTrends>>,
  Check<Matches<typeof admin.ApiToken, wire.ApiToken>>,
  Check<Matches<typeof admin.CreatedToken, wire.CreatedToken>>,
  Check<Matches<typeof admin.SecretSummary, wire.SecretSummary>>,
  Check<Matches<typeof autonomy.StepAutonomyView, StepAutonomyView>>,
  Check<Matches<typeof simulations.SimulationResult, ScenarioComparison>>,
  Check<Matches<typeof pilots.PilotView, PilotView>>,
  Check<Matches<typeof pilots.PilotSettings, PilotSettings>>,
  Check<Matches<typeof simulations.Calibration, Calibration>>,
]
