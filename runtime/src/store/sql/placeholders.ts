/**
 * The portable dialect's `?` placeholders as PostgreSQL's `$1, $2, …`. A `?` inside a string
 * literal, a quoted name or a comment is left alone. (PostgreSQL's own `?` operators on jsonb are
 * therefore not available in the portable dialect.)
 */
export function numberedPlaceholders(sql: string): string {
  let out = ''
  let n = 0
  let i = 0
  while (i < sql.length) {
    const char = sql[i]!
    const end = skippedUpTo(sql, i)
    if (end > i) {
      out += sql.slice(i, end)
      i = end
    } else {
      out += char === '?' ? `$${++n}` : char
      i += 1
    }
  }
  return out
}

/** Where the literal, quoted name or comment starting at `i` ends (`i` when none starts there). */
function skippedUpTo(sql: string, i: number): number {
  const char = sql[i]
  if (char === "'" || char === '"') {
    // A doubled quote stands for itself and does not end the literal.
    let j = i + 1
    while (j < sql.length) {
      if (sql[j] === char) {
        if (sql[j + 1] === char) j += 2
        else return j + 1
      } else j += 1
    }
    return sql.length
  }
  if (sql.startsWith('--', i)) {
    const newline = sql.indexOf('\n', i)
    return newline === -1 ? sql.length : newline
  }
  if (sql.startsWith('/*', i)) {
    const close = sql.indexOf('*/', i + 2)
    return close === -1 ? sql.length : close + 2
  }
  return i
}
