// Evaluates user JSONata off the server's main thread; the pool terminates this worker when an
// evaluation passes its deadline, so even a built-in that JSONata's own timeout cannot interrupt
// (a catastrophic regex in $match, $replace, $split or $contains) never blocks the server.
// Plain JavaScript, loaded by Node itself: a worker needs no TypeScript loader, in dev or production.
import { parentPort, workerData } from 'node:worker_threads'
import jsonata from 'jsonata'

const { answers } = workerData
const builtinPad = await jsonata('$pad').evaluate(undefined)
const compiled = new Map()
const maxCompiled = 1_000

/** $pad allocates its whole result in one step: refuse widths over the string limit before it does. */
function boundedPad(maxStringLength) {
  return function pad(text, width, char) {
    if (Math.abs(width) > maxStringLength) throw { code: 'string-size', value: Math.abs(width) }
    return builtinPad.implementation.call(this, text, width, char)
  }
}

function compile(source, limits) {
  const key = `${limits.timeoutMs}:${limits.maxDepth}:${limits.maxSequence}:${limits.maxStringLength}:${source}`
  let expression = compiled.get(key)
  if (!expression) {
    if (compiled.size >= maxCompiled) compiled.clear()
    expression = jsonata(source, {
      timeout: limits.timeoutMs,
      stack: limits.maxDepth,
      sequence: limits.maxSequence,
    })
    expression.registerFunction('pad', boundedPad(limits.maxStringLength), builtinPad.signature.definition)
    compiled.set(key, expression)
  }
  return expression
}

async function evaluate({ source, input, limits }) {
  const result = await compile(source, limits).evaluate(input === undefined ? undefined : JSON.parse(input))
  // The answer travels as JSON text: plain JSON is what the store keeps, and JSONata's hidden
  // sequence flags do not survive it.
  const json = JSON.stringify(result)
  if (json !== undefined && json.length > limits.maxResultBytes) return { failure: { code: 'result-size' } }
  return { result: json }
}

parentPort.on('message', async (request) => {
  let answer
  try {
    answer = await evaluate(request)
  } catch (error) {
    answer = {
      failure: {
        code: typeof error?.code === 'string' ? error.code : undefined,
        message: typeof error?.message === 'string' ? error.message : String(error),
        position: typeof error?.position === 'number' ? error.position : undefined,
        value: typeof error?.value === 'number' ? error.value : undefined,
      },
    }
  }
  answers.postMessage(answer)
})

// Deadlines start when the worker is ready, so start-up time never counts against an expression.
answers.postMessage({ ready: true })
