import { currentSchemaVersion } from './document'

/**
 * One entry per schema version change: `migrations[n]` turns a version-n document into
 * version n+1. Documents are migrated step by step before validation, so a file written with
 * any earlier version still opens.
 */
export const migrations: Record<number, (document: Record<string, unknown>) => Record<string, unknown>> = {
  // Version 0 was the draft format, whose nodes were called `steps` and had no schemaVersion.
  0: (document) => {
    const { steps, ...rest } = document
    return { ...rest, nodes: rest.nodes ?? steps ?? [], schemaVersion: 1 }
  },
}

export type MigrationResult = { ok: true; document: unknown; from: number } | { ok: false; message: string }

export function migrate(input: unknown): MigrationResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, message: 'a workflow document must be a JSON object' }
  }
  let document = input as Record<string, unknown>
  const declared = document.schemaVersion ?? 0
  if (typeof declared !== 'number' || !Number.isInteger(declared) || declared < 0) {
    return { ok: false, message: `schemaVersion must be a whole number, got ${JSON.stringify(declared)}` }
  }
  if (declared > currentSchemaVersion) {
    return {
      ok: false,
      message: `schemaVersion ${declared} is newer than this Conveyor understands (${currentSchemaVersion}); upgrade Conveyor`,
    }
  }
  for (let version = declared; version < currentSchemaVersion; version++) {
    const step = migrations[version]
    if (!step) return { ok: false, message: `no migration from schemaVersion ${version}` }
    document = step(document)
  }
  return { ok: true, document, from: declared }
}
