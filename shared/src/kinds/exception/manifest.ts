import type { ManifestBase } from '../manifest-base'
import type { ExceptionOn } from './schema'

export interface ExceptionManifest extends ManifestBase {
  kind: 'exception'
  attachedTo: string
  on: ExceptionOn
  handling?: string
}
