import type { Form } from '../../model/form'
import type { ManifestBase } from '../manifest-base'
import type { TriggerStart } from './schema'

export interface TriggerManifest extends ManifestBase {
  kind: 'trigger'
  start: TriggerStart
  input?: Form
}
