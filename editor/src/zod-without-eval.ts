import { z } from 'zod'

// The runtime's Content-Security-Policy allows no eval. Left alone, zod probes `new Function` on its
// first parse (a policy violation on every page load) and then parses without it anyway.
z.config({ jitless: true })
