/**
 * A multinomial naive Bayes text classifier: small, offline, and it learns one example at a
 * time from the verdicts people give, so the local assistant improves with use.
 */
export interface NaiveBayesModel {
  examples: number
  labels: Record<string, { examples: number; tokens: Record<string, number>; tokenCount: number }>
  vocabulary: Record<string, true>
}

export function emptyModel(): NaiveBayesModel {
  return { examples: 0, labels: {}, vocabulary: {} }
}

export function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((token) => token.length > 1 && token.length < 40)
}

/** The text a classifier sees: every string and number in the instance data. */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (Array.isArray(value)) return value.map(textOf).join(' ')
  if (value && typeof value === 'object') return Object.values(value).map(textOf).join(' ')
  return ''
}

export function learn(model: NaiveBayesModel, text: string, label: string): void {
  const entry = (model.labels[label] ??= { examples: 0, tokens: {}, tokenCount: 0 })
  entry.examples++
  model.examples++
  for (const token of tokenize(text)) {
    entry.tokens[token] = (entry.tokens[token] ?? 0) + 1
    entry.tokenCount++
    model.vocabulary[token] = true
  }
}

export interface Prediction {
  label: string
  confidence: number
  /** The tokens that pushed most towards the label, for the explanation. */
  evidence: string[]
}

/** The most likely of `labels` (in order of preference when nothing has been learnt yet). */
export function predict(model: NaiveBayesModel, text: string, labels: string[]): Prediction {
  const tokens = tokenize(text)
  const vocabularySize = Object.keys(model.vocabulary).length + 1
  const scores = labels.map((label) => {
    const entry = model.labels[label]
    const prior = Math.log(((entry?.examples ?? 0) + 1) / (model.examples + labels.length))
    let score = prior
    const weights: Array<[string, number]> = []
    for (const token of tokens) {
      const weight = Math.log(((entry?.tokens[token] ?? 0) + 1) / ((entry?.tokenCount ?? 0) + vocabularySize))
      score += weight
      if (entry?.tokens[token]) weights.push([token, weight])
    }
    weights.sort((a, b) => b[1] - a[1])
    return { label, score, evidence: [...new Set(weights.map(([token]) => token))].slice(0, 3) }
  })
  const best = scores.reduce((a, b) => (b.score > a.score ? b : a))
  const total = scores.reduce((sum, s) => sum + Math.exp(s.score - best.score), 0)
  return { label: best.label, confidence: 1 / total, evidence: best.evidence }
}
