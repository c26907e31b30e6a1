export { closeCodes } from './collab-connection'
export {
  createCollab,
  defaultCollabLimits,
  type Collab,
  type CollabErrorContext,
  type CollabLimits,
  type CollabOptions,
} from './create-collab'
export type { CollabPersistence } from './persistence'
export {
  createSqlPersistence,
  type SqlCollabPersistence,
  type SqlPersistenceOptions,
  type StoredUpdate,
} from './sql-persistence'
export { ReplicaRelay, type CollabRelay, type ReplicaRelayOptions } from './replica-relay'
export { acceptCollabUpgrades, type CollabUpgrades } from './accept-upgrades'
export { collabAuthorizer } from './service-authorizer'
