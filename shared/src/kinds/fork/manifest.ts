import type { ManifestBase } from '../manifest-base'

export interface ForkManifest extends ManifestBase {
  kind: 'fork'
  join: string
}
