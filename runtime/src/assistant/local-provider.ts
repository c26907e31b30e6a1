import type { Suggestion } from '../service/types'
import type { Db } from '../store/database'
import { forgetStepsOf, stepKeyText as keyOf } from '../store/step-key'
import type { Writer } from '../store/writer'
import { emptyModel, learn, predict, textOf, type NaiveBayesModel } from './naive-bayes'
import { renderTemplate, type AssistantProvider, type SuggestionRequest } from './provider'

/**
 * The offline assistant: drafts from the step's template, and classifies with a naive Bayes
 * model per step that learns from people's verdicts (persisted with the instance data).
 */
export class LocalAssistant implements AssistantProvider {
  readonly name = 'local'
  readonly external = false
  /** What committed verdicts taught; suggestions come from these only. */
  private readonly models = new Map<string, NaiveBayesModel>()
  /** Models with verdicts whose transaction has not committed yet. */
  private readonly pending = new Map<string, NaiveBayesModel>()
  private readonly select

  constructor(
    db: Db,
    private readonly writer: Writer,
  ) {
    this.select = db.prepare('SELECT model FROM classifier_models WHERE workflow_id = ? AND node_id = ?')
  }

  private model({ workflowId, nodeId }: SuggestionRequest): NaiveBayesModel {
    const key = keyOf({ workflowId, nodeId })
    let model = this.models.get(key)
    if (!model) {
      const row = this.select.get(workflowId, nodeId) as { model: string } | undefined
      model = row ? (JSON.parse(row.model) as NaiveBayesModel) : emptyModel()
      this.models.set(key, model)
    }
    return model
  }

  async suggest(request: SuggestionRequest): Promise<Suggestion> {
    const base = { provider: this.name, produces: request.produces, field: request.field }
    if (request.produces === 'draft') {
      const value = renderTemplate(request.template ?? request.instructions, request.data)
      return { ...base, value, explanation: 'Drafted from the step template with this item’s data.' }
    }
    const labels = request.labels ?? []
    if (labels.length === 0) throw new Error('there are no labels to choose from')
    const model = this.model(request)
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
   * that commits: a verdict that is rolled back teaches nothing.
   */
  learn(request: SuggestionRequest, chosen: string): void {
    if (request.produces === 'draft') return
    const key = keyOf(request)
    const model = this.pending.get(key) ?? structuredClone(this.model(request))
    this.pending.set(key, model)
    learn(model, textOf(request.data), chosen)
    const json = JSON.stringify(model)
    this.writer.write(
      `INSERT INTO classifier_models (workflow_id, node_id, model, updated_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (workflow_id, node_id) DO UPDATE SET model = excluded.model, updated_at = excluded.updated_at`,
      [request.workflowId, request.nodeId, json, Date.now()],
    )
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
