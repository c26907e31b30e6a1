export * from './layout'
export * from './convert'
export * from './update-document'
export * from './comments'
