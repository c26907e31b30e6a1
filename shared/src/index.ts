export * from './model'
export * from './compiler/compiled'
