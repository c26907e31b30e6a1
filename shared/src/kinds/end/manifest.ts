import type { ManifestBase } from '../manifest-base'
import type { Outcome } from './schema'

export interface EndManifest extends ManifestBase {
  kind: 'end'
  outcome: Outcome
}
