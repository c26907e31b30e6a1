export * from './implementations'
export * from './simulation'
