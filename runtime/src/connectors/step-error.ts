/** A failed attempt: whether trying again can help, and whether it ran out of time. */
export class StepError extends Error {
  constructor(
    message: string,
    /** false when trying again cannot help (a refused address, a 4xx answer, a wrong expression). */
    readonly retryable: boolean,
    readonly timedOut = false,
  ) {
    super(message)
    this.name = 'StepError'
  }
}
