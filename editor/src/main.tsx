import './zod-without-eval'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app/app'
import './styles/base.css'

const root = document.getElementById('root')
if (!root) throw new Error('index.html must contain an element with id "root"')
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
