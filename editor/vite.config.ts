import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

const runtime = 'http://127.0.0.1:3000'

export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: [
      // y-monaco imports Monaco by its path before 0.56, which the package no longer exports: point
      // it at the very module `monaco-editor/editor` re-exports, so the bundle holds one Monaco.
      {
        find: /^monaco-editor\/esm\/vs\/editor\/editor\.api\.js$/,
        replacement: 'monaco-editor/editor/editor.api.js',
      },
    ],
  },
  server: {
    proxy: {
      '/api': runtime,
      '/hooks': runtime,
      '/collab': { target: runtime, ws: true },
      '/healthz': runtime,
      '/metrics': runtime,
    },
  },
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 4000 },
})
