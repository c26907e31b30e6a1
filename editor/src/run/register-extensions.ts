// Registers the run views (deploy, runs, metrics) as editor extensions; see app/extensions.ts.
export {}
