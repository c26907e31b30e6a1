import { jsonOf } from './app-harness'

/** A request to a running server, as the holder of `token` (null: nobody signed in), with a JSON body. */
export function callApi(
  origin: string,
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
): Promise<Response> {
  return fetch(origin + path, {
    method,
    headers: {
      ...(token && { authorization: `Bearer ${token}` }),
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
}

/** The same, answered as its status and parsed JSON body. */
export async function callApiForJson(
  origin: string,
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Awaited<ReturnType<typeof jsonOf>> }> {
  const response = await callApi(origin, token, method, path, body)
  return { status: response.status, body: await jsonOf(response) }
}
