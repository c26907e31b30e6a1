import type { Sla } from '../../model/common'
import type { ManifestBase } from '../manifest-base'
import type { Branch, DecidedBy } from './schema'

export interface DecisionManifest extends ManifestBase {
  kind: 'decision'
  decidedBy: DecidedBy
  question?: string
  branches: Branch[]
  defaultBranch?: string
  sla?: Sla
}
