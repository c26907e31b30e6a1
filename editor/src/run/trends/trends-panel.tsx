import { trendBuckets, type TrendBucket } from '@conveyor/shared/protocol/metric-trends'
import { lazy, Suspense, useId, useMemo, useState } from 'react'
import { api } from '../../api/client'
import { useResource } from '../../api/use-resource'
import { trendFigures } from './trend-figures'
import { TrendTable } from './trend-table'
import './trends.css'

// The chart library loads only when a trend is first shown.
const TrendCharts = lazy(() => import('./trend-charts').then((module) => ({ default: module.TrendCharts })))

const bucketNames: Record<TrendBucket, string> = { day: 'Per day', week: 'Per week' }

/** The workflow's figures per day or week of the items that ended then: charts, a table and CSV. */
export function TrendsPanel({ workflowId, reloads }: { workflowId: string; reloads: number }) {
  const name = useId()
  const [bucket, setBucket] = useState<TrendBucket>('day')
  const trends = useResource(() => api.getTrends(workflowId, bucket), `${workflowId}:${bucket}:${reloads}`)
  const data = trends.data?.bucket === bucket ? trends.data : undefined
  const figures = useMemo(() => data && trendFigures(data), [data])

  return (
    <section className="trends" aria-labelledby={`${name}-heading`}>
      <h3 id={`${name}-heading`}>Trends</h3>
      <fieldset className="trend-buckets">
        <legend>Group items by when they ended (UTC)</legend>
        {trendBuckets.map((option) => (
          <label key={option}>
            <input
              type="radio"
              name={name}
              value={option}
              checked={bucket === option}
              onChange={() => setBucket(option)}
            />{' '}
            {bucketNames[option]}
          </label>
        ))}
      </fieldset>
      {trends.error ? (
        <p role="alert">Trends could not be loaded: {trends.error}</p>
      ) : !data || !figures ? (
        <p>Loading trends…</p>
      ) : (
        <>
          <a className="trend-download" href={api.trendsCsvUrl(data)} download>
            Download CSV
          </a>
          <Suspense fallback={<p>Loading charts…</p>}>
            <TrendCharts trends={data} figures={figures} />
          </Suspense>
          <TrendTable trends={data} figures={figures} />
        </>
      )}
    </section>
  )
}
