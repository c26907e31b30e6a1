#!/usr/bin/env node
// Fails when code branches on a node kind outside the kind registries: per-kind rules belong in
// `shared/src/kinds/<kind>/` (or a `Record<NodeKind, …>` table), where a missing kind is a type
// error. What is left elsewhere is allowed file by file below, each with its reason and count, so
// the list can only shrink; a file that needs a new branch on a kind should ask the registry.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { allowed } from './kind-dispatch-allowed.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const scanned = ['shared/src', 'runtime/src', 'editor/src']
/** The registries themselves, and tests, which build and inspect nodes of a kind on purpose. */
const exempt = [
  /^shared\/src\/kinds\//,
  /^editor\/src\/kinds\//,
  /^shared\/src\/model\/node\.ts$/,
  /\.test\.tsx?$/,
]

// The kinds are the keys of the document format's table of node data schemas.
const schemaTable = /export const nodeDataSchemas = \{([^}]*)\}/.exec(read('shared/src/model/node.ts'))?.[1]
const kinds = [...(schemaTable ?? '').matchAll(/^\s*(\w+):/gm)].map((match) => match[1])
if (kinds.length === 0) throw new Error('No node kinds found in shared/src/model/node.ts (nodeDataSchemas)')
const kind = `'(?:${kinds.join('|')})'`
const patterns = [
  // node.type === 'step', kind !== 'end', 'fork' === node.kind
  new RegExp(`\\b(?:type|kind)\\s*[!=]==?\\s*${kind}|${kind}\\s*[!=]==?\\s*[\\w.?]*\\b(?:type|kind)\\b`, 'g'),
  // case 'decision':
  new RegExp(`\\bcase\\s+${kind}\\s*:`, 'g'),
  // new Set(['trigger', 'step']) and other lists of kinds
  new RegExp(`\\[\\s*${kind}\\s*,\\s*${kind}`, 'g'),
]

function read(path) {
  return readFileSync(join(root, path), 'utf8')
}

function* sources(dir) {
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`
    if (entry.isDirectory()) yield* sources(path)
    else if (/\.tsx?$/.test(entry.name) && !exempt.some((rule) => rule.test(path))) yield path
  }
}

const problems = []
const found = new Map()
for (const dir of scanned) {
  for (const path of sources(dir)) {
    const lines = read(path).split('\n')
    lines.forEach((line, index) => {
      if (/^\s*(\/\/|\*|\/\*)/.test(line)) return
      for (const pattern of patterns) {
        for (const match of line.matchAll(pattern)) {
          const hits = found.get(path) ?? []
          hits.push(`${path}:${index + 1}: ${match[0]}`)
          found.set(path, hits)
        }
      }
    })
  }
}

for (const [path, hits] of found) {
  const allowance = allowed[path]
  if (!allowance) {
    problems.push(
      `${path} branches on node kinds (ask the kind registry in shared/src/kinds instead):`,
      ...hits.map((hit) => `  ${hit}`),
    )
  } else if (hits.length > allowance.count) {
    problems.push(
      `${path} branches on node kinds ${hits.length} times; ${allowance.count} are allowed (${allowance.reason}):`,
      ...hits.map((hit) => `  ${hit}`),
    )
  } else if (hits.length < allowance.count) {
    problems.push(
      `${path}: ${hits.length} branches on node kinds left, fewer than the ${allowance.count} allowed; lower its count in scripts/kind-dispatch-allowed.mjs.`,
    )
  }
}
for (const path of Object.keys(allowed)) {
  if (!found.has(path))
    problems.push(
      `${path} no longer branches on node kinds; remove it from scripts/kind-dispatch-allowed.mjs.`,
    )
}

if (problems.length > 0) {
  console.error(problems.join('\n'))
  process.exit(1)
}
console.log(
  `No new branches on node kinds outside the kind registries (${Object.keys(allowed).length} files allowed).`,
)
