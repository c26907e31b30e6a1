import type { Suggestion } from '../service/types'
import { classifierModel, saveClassifierModel } from '../store/repositories/classifier-rows'
import type { SqlExecutor } from '../store/sql'
import { forgetStepsOf, stepKeyText as keyOf } from '../store/step-key'
import type { Writer } from '../store/writer'
import { emptyModel, learn, predict, textOf, type NaiveBayesModel } from './naive-bayes'
import { renderTemplate, type AssistantProvider, type SuggestionRequest } from './provider'

/**
 * The offline assistant: drafts from the step's template, and classifies with a naive Bayes
 * model per step that learns from people's verdicts (persisted with the instance data). A step's
 * model is read once and then kept in memory, moved on by this process's own verdicts.
 */
export class LocalAssistant implements AssistantProvider {
  readonly name = 'local'
  readonly external = false
  /** What committed verdicts taught; suggestions come from these only. */
  private readonly models = new Map<string, NaiveBayesModel>()
  /** Models with verdicts whose transaction has not committed yet. */
  private readonly pending = new Map<string, NaiveBayesModel>()

  constructor(
    private readonly sql: SqlExecutor,
    private readonly writer: Writer,
  ) {}

  private async model({ workflowId, nodeId }: SuggestionRequest): Promise<NaiveBayesModel> {
    const key = keyOf({ workflowId, nodeId })
    const known = this.models.get(key)
    if (known) return known
    const stored = await classifierModel(this.sql, { workflowId, nodeId })
    // A model learnt while this was read is newer than what was read: it stays.
    if (!this.models.has(key)) {
      this.models.set(key, stored ? (JSON.parse(stored) as NaiveBayesModel) : emptyModel())
    }
    return this.models.get(key)!
  }

  async suggest(request: SuggestionRequest): Promise<Suggestion> {
    const base = { provider: this.name, produces: request.produces, field: request.field }
    if (request.produces === 'draft') {
      const value = renderTemplate(request.template ?? request.instructions, request.data)
      return { ...base, value, explanation: 'Drafted from the step template with this item’s data.' }
    }
    const labels = request.labels ?? []
    if (labels.length === 0) throw new Error('there are no labels to choose from')
    const model = await this.model(request)
    const prediction = predict(model, textOf(request.data), labels)
    const explanation =
      model.examples === 0
        ? 'No decisions to learn from yet; suggesting the first option.'
        : prediction.evidence.length > 0
          ? `Learnt from ${model.examples} earlier decisions; words like ${prediction.evidence.map((t) => `“${t}”`).join(', ')} point here.`
          : `Learnt from ${model.examples} earlier decisions; the most common choice.`
    return {
      ...base,
      value: prediction.label,
      confidence: Number(prediction.confidence.toFixed(3)),
      explanation,
    }
  }

  /**
   * Learns on a copy that is stored in the verdict's transaction and replaces the model only once
   * that commits: a verdict that is rolled back teaches nothing. A model not read since the
   * process started (no suggestion asked of it yet) is read first; its verdict is then stored in
   * the batch open when the read is done, the one after the verdict's.
   */
  learn(request: SuggestionRequest, chosen: string): void {
    if (request.produces === 'draft') return
    const key = keyOf(request)
    const base = this.pending.get(key) ?? this.models.get(key)
    if (!base) {
      this.model(request).then(
        () => this.learn(request, chosen),
        (error: unknown) =>
          console.error(
            `The assistant of step "${request.nodeId}" could not learn a verdict:`,
            error instanceof Error ? error.message : error,
          ),
      )
      return
    }
    const model = this.pending.get(key) ?? structuredClone(base)
    this.pending.set(key, model)
    learn(model, textOf(request.data), chosen)
    const { sql, params } = saveClassifierModel(request, JSON.stringify(model), Date.now())
    this.writer.write(sql, params)
    const settled = () => {
      if (this.pending.get(key) !== model) return false
      this.pending.delete(key)
      return true
    }
    this.writer.afterCommit(() => {
      if (settled()) this.models.set(key, model)
    })
    this.writer.committed().catch(settled)
  }

  forget(workflowId: string): void {
    forgetStepsOf(this.models, workflowId)
    forgetStepsOf(this.pending, workflowId)
  }
}
