export * from './layout'
export * from './convert'
