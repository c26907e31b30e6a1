import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

const runtime = 'http://127.0.0.1:3000'

export default defineConfig({
  plugins: [react()],
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
