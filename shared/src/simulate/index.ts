export * from './implementations'
export * from './simulation'
export * from './reachable-states'
export * from './rule-decision'
