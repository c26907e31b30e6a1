/**
 * Where the runtime is: the page's own origin in the app; a test server's in tests. Its own module,
 * so that pages asking only who is signed in do not load the workflow format with it.
 */
export const apiOrigin = { value: '' }
