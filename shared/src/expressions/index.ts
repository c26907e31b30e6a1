export type { AstNode } from './ast'
export * from './check-expression'
export * from './field-references'
export * from './result-shape'
