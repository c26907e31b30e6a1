export * from './compiled'
export { compile, compileDocument } from './compile-document'
export { CompileError } from './compile-error'
export { canonical } from './canonical-json'
