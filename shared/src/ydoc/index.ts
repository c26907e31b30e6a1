export * from './layout'
export * from './convert'
export * from './update-document'
