export * from './check-expression'
