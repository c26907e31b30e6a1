import type { Task } from '@conveyor/shared/protocol/api'
import { useState } from 'react'
import { api } from '../api/client'
import { useIsViewer } from '../app/use-is-viewer'
import { useResource } from '../api/use-resource'
import { SiteNav } from '../gallery/site-nav'
import { TaskCard } from './task-card'
import { usePolling } from './use-polling'
import './run.css'

async function openTasks(): Promise<Task[]> {
  const [open, claimed] = await Promise.all([
    api.listTasks({ status: 'open', limit: 200 }),
    api.listTasks({ status: 'claimed', limit: 200 }),
  ])
  return [...claimed.items, ...open.items].sort((a, b) => a.createdAt.localeCompare(b.createdAt))
}

/** People's work: every open task, its form, and the assistant's suggestion where there is one. */
export function InboxPage() {
  const tasks = useResource(openTasks, 'tasks')
  // New work arrives while people are here: instances reach human steps at any time.
  usePolling(tasks.reload, 5_000)
  const [selectedId, setSelectedId] = useState<string>()
  const [closed, setClosed] = useState<Task>()
  const isViewer = useIsViewer()

  const selected =
    tasks.data?.find((task) => task.id === selectedId) ?? (closed?.id === selectedId ? closed : undefined)

  const changed = (task: Task) => {
    setClosed(task.status === 'open' || task.status === 'claimed' ? undefined : task)
    tasks.reload()
  }

  return (
    <>
      <SiteNav />
      <main className="page inbox">
        <h1>Inbox</h1>
        {tasks.error && <p role="alert">Tasks could not be loaded: {tasks.error}</p>}
        <div className="inbox-layout">
          <nav aria-label="Tasks">
            {tasks.data?.length === 0 && <p>Nothing to do: no open tasks.</p>}
            <ul className="task-list">
              {tasks.data?.map((task) => (
                <li key={task.id}>
                  <button
                    type="button"
                    aria-current={task.id === selectedId ? 'true' : undefined}
                    onClick={() => setSelectedId(task.id)}
                  >
                    <strong>{task.label}</strong>
                    <span className="muted">
                      {' '}
                      · {task.workflowName ?? task.workflowId}
                      {task.suggestion ? ' · suggestion ready' : ''}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
            <button type="button" onClick={tasks.reload}>
              Refresh
            </button>
          </nav>
          <div className="inbox-detail">
            {selected ? (
              <TaskCard key={selected.id} task={selected} onChanged={changed} lookOnly={isViewer} />
            ) : (
              <p>Choose a task to work on it.</p>
            )}
          </div>
        </div>
      </main>
    </>
  )
}
