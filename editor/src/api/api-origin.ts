/**
 * Where the runtime is: the page's own origin in the app; a test server's in tests. Read by the API
 * client and by the live connection (its WebSocket goes to the same host).
 */
export const apiOrigin = { value: '' }
