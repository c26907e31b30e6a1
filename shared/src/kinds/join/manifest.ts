import type { ManifestBase } from '../manifest-base'

export interface JoinManifest extends ManifestBase {
  kind: 'join'
  fork: string
}
