/**
 * The header the editor sends with its API requests. A page on another origin cannot add it: a
 * form or a no-cors fetch may carry only a few plain headers, and anything more needs a CORS
 * preflight, which the runtime never grants. So with the session cookie it shows that a request
 * comes from the runtime's own pages, also where a browser sends `Origin: null` (some do under
 * `Referrer-Policy: no-referrer`) or no Origin at all.
 */
export const editorRequestHeader = 'x-conveyor-request'
