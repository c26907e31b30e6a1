import { z } from 'zod'
import type { Suggestion } from '../service/types'
import type { AssistantProvider, SuggestionRequest } from './provider'

export interface OpenAiCompatibleConfig {
  baseUrl: string
  model: string
  /** The bearer key, asked for at each call so that a rotated key takes effect at once. */
  apiKey?: () => Promise<string>
  timeoutMs?: number
}

const Answer = z.object({
  value: z.string().min(1),
  confidence: z.number().min(0).max(1).optional(),
  explanation: z.string().min(1).max(2_000),
})

const ChatCompletion = z.object({
  choices: z
    .array(
      z.object({
        message: z.object({ content: z.string() }),
        logprobs: z
          .object({ content: z.array(z.object({ logprob: z.number().max(0) })).nullish() })
          .nullish(),
      }),
    )
    .min(1),
})

/**
 * A confidence for an answer that reports none: the geometric mean of its tokens' probabilities,
 * when the server gives log-probabilities. Without either, the suggestion has no confidence and
 * is never applied without a person.
 */
export function derivedConfidence(logprobs: ReadonlyArray<{ logprob: number }> | null | undefined) {
  if (!logprobs || logprobs.length === 0) return undefined
  const mean = logprobs.reduce((sum, token) => sum + token.logprob, 0) / logprobs.length
  return Number(Math.exp(mean).toFixed(3))
}

function prompt(request: SuggestionRequest): string {
  const lines = [
    `Task: ${request.instructions}`,
    request.produces === 'draft'
      ? 'Write the draft as "value".'
      : `Choose exactly one of these as "value": ${(request.labels ?? []).join(', ')}.`,
    'Give "confidence" from 0 to 1: how likely a careful reviewer keeps your value as it is.',
    'Give a one-sentence "explanation" a reviewer can check.',
    request.template ? `Template to follow: ${request.template}` : '',
    `Item data (JSON): ${JSON.stringify(request.data)}`,
  ]
  return lines.filter(Boolean).join('\n')
}

/** Any server speaking the chat-completions API with structured output (OpenAI, vLLM, Ollama…). */
export class OpenAiCompatibleAssistant implements AssistantProvider {
  readonly name = 'openai-compatible'
  readonly external = true

  constructor(private readonly config: OpenAiCompatibleConfig) {}

  async suggest(request: SuggestionRequest): Promise<Suggestion> {
    const response = await fetch(`${this.config.baseUrl.replace(/\/$/, '')}/chat/completions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(this.config.apiKey ? { authorization: `Bearer ${await this.config.apiKey()}` } : {}),
      },
      body: JSON.stringify({
        model: this.config.model,
        messages: [
          {
            role: 'system',
            content: 'You assist people doing a step of a business workflow. Answer in JSON.',
          },
          { role: 'user', content: prompt(request) },
        ],
        // For a confidence derived from the answer's tokens when the model reports none.
        logprobs: true,
        response_format: {
          type: 'json_schema',
          json_schema: {
            name: 'suggestion',
            strict: true,
            schema: {
              type: 'object',
              additionalProperties: false,
              required: ['value', 'confidence', 'explanation'],
              properties: {
                value: { type: 'string' },
                confidence: { type: 'number' },
                explanation: { type: 'string' },
              },
            },
          },
        },
      }),
      signal: AbortSignal.timeout(this.config.timeoutMs ?? 15_000),
    })
    if (!response.ok) throw new Error(`the assistant answered ${response.status}`)
    const completion = ChatCompletion.safeParse(await response.json())
    if (!completion.success) throw new Error('the assistant answered in an unexpected shape')
    const choice = completion.data.choices[0]!
    let content: unknown
    try {
      content = JSON.parse(choice.message.content)
    } catch {
      throw new Error('the assistant did not answer with JSON')
    }
    const answer = Answer.safeParse(content)
    if (!answer.success)
      throw new Error(`the assistant's answer does not fit: ${answer.error.issues[0]?.message}`)
    const { value, explanation } = answer.data
    const confidence = answer.data.confidence ?? derivedConfidence(choice.logprobs?.content)
    if (request.produces !== 'draft' && !(request.labels ?? []).includes(value)) {
      throw new Error(`the assistant chose "${value}", which is not one of the options`)
    }
    return {
      provider: this.name,
      produces: request.produces,
      field: request.field,
      value,
      ...(confidence === undefined ? {} : { confidence }),
      explanation,
    }
  }

  learn(): void {}
}
