import type { Form } from '../../model/form'
import type { Sla } from '../../model/common'
import type { ManifestBase } from '../manifest-base'
import type { ExceptionOn } from '../exception/schema'
import type { ResolvedAutonomy } from './autonomy'
import type { FallbackManifest } from './fallback'
import type { AssistantTask, AutomateConfig, StepMode } from './schema'

export interface StepManifest extends ManifestBase {
  kind: 'step'
  mode: StepMode
  /** Set when mode is automate. */
  automate?: AutomateConfig & { retry: NonNullable<AutomateConfig['retry']> }
  /** Set when mode is augment. */
  assistant?: AssistantTask
  /** Set when mode is augment: the document's autonomy defaults, every setting filled in. */
  autonomy?: ResolvedAutonomy
  /** The form a person completes (human and augment). */
  form?: Form
  sla?: Sla
  saveAs?: string
  output?: string
  /** The data fields the step's task shows (paths); all labelled fields with a value when absent. */
  caseFields?: string[]
  /** Exception node ids attached to this step, by what they catch. */
  exceptions: Partial<Record<ExceptionOn, string>>
  /** Set on steps that call an outside service or the assistant: who does the work by hand instead. */
  fallback?: FallbackManifest
}
