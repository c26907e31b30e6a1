#!/usr/bin/env node
// Fails when runtime code writes to the database around the writer, or reaches the SQLite driver,
// outside runtime/src/store: every write is data given to `writer.write(sql, params)`, so that one
// batch commits it with the transition it belongs to and another database can run it. What is
// left is allowed file by file in scripts/store-access-allowed.mjs, each with its reason, so the
// list can only shrink. Anywhere in the runtime, store included, SQL keeps to the portable dialect
// where SQLite has a form of its own: `ON CONFLICT … DO NOTHING/UPDATE`, not `INSERT OR …`.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { allowed } from './store-access-allowed.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const scanned = 'runtime/src'
/** Tests and their helpers read and break the database on purpose; the store owns the driver. */
const tests = [/\.test\.ts$/, /\/test-support\//, /\/test-[^/]*\.ts$/]
const store = /^runtime\/src\/store\//

const rules = [
  {
    pattern: /from\s+['"]better-sqlite3['"]|require\(\s*['"]better-sqlite3['"]\s*\)/g,
    what: 'imports better-sqlite3',
  },
  { pattern: /\bdb\.(?:exec|transaction)\(/g, what: 'runs SQL or a transaction on the connection' },
]
/** `.run(` counts where the file prepares statements: other things called `run` are not the driver's. */
const statementRun = { pattern: /\.run\(/g, what: 'runs a prepared statement' }
const sqliteOnly = {
  pattern: /\bINSERT\s+OR\s+(?:IGNORE|REPLACE|ABORT|FAIL|ROLLBACK)\b|\bREPLACE\s+INTO\b/gi,
  what: 'uses SQLite-only SQL (write INSERT … ON CONFLICT … DO NOTHING or DO UPDATE)',
}

function* sources(dir) {
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`
    if (entry.isDirectory()) yield* sources(path)
    else if (/\.ts$/.test(entry.name) && !tests.some((rule) => rule.test(path))) yield path
  }
}

/** Lines of `text` matching any rule, as `path:line: what (match)`. */
function hitsIn(path, text, applying) {
  const hits = []
  text.split('\n').forEach((line, index) => {
    if (/^\s*(\/\/|\*|\/\*)/.test(line)) return
    for (const { pattern, what } of applying) {
      for (const match of line.matchAll(pattern)) hits.push(`${path}:${index + 1}: ${what} (${match[0]})`)
    }
  })
  return hits
}

const problems = []
const found = new Map()
for (const path of sources(scanned)) {
  const text = readFileSync(join(root, path), 'utf8')
  problems.push(...hitsIn(path, text, [sqliteOnly]))
  if (store.test(path)) continue
  const hits = hitsIn(path, text, /\.prepare\(/.test(text) ? [...rules, statementRun] : rules)
  if (hits.length > 0) found.set(path, hits)
}

for (const [path, hits] of found) {
  if (allowed[path]) continue
  problems.push(
    `${path} reaches the database around the writer (write with writer.write(sql, params); read through runtime/src/store):`,
    ...hits.map((hit) => `  ${hit}`),
  )
}
for (const path of Object.keys(allowed)) {
  if (!found.has(path))
    problems.push(
      `${path} no longer reaches the database itself; remove it from scripts/store-access-allowed.mjs.`,
    )
}

if (problems.length > 0) {
  console.error(problems.join('\n'))
  process.exit(1)
}
console.log(
  `No writes around the writer outside runtime/src/store (${Object.keys(allowed).length} files allowed), no SQLite-only INSERT forms.`,
)
