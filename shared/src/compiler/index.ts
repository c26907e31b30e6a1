export * from './compiled'
export { compile, compileDocument, type CompileOptions } from './compile-document'
export { CompileError } from './compile-error'
export { canonical } from './canonical-json'
