export * from './rule'
export * from './rule-to-jsonata'
export * from './jsonata-to-rule'
export * from './evaluate-rule'
