import { readFile } from 'node:fs/promises'
import { figuresOnScreen, legible } from '../fixtures/legible-names'
import { startRuntimeWithHistory, historyAdminToken, seededDays } from '../fixtures/runtime-with-history'
import { expect, test } from '../fixtures/test'

// Dates read as the app writes them (its tables and chart names use the browser's locale, in UTC).
test.use({ locale: 'en-US' })
const utcDay = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' })
const dayMs = 86_400_000
const mondayOf = (date: Date) => new Date(date.getTime() - ((date.getUTCDay() + 6) % 7) * dayMs)

test('an owner reads the trend of a workflow run on several days, per day and per week, and downloads it', async ({
  page,
  editor,
}) => {
  const runtime = await startRuntimeWithHistory()
  try {
    await page.goto(`${runtime.origin}/?token=${encodeURIComponent(historyAdminToken)}`)
    await page.goto(`${runtime.origin}/workflows/${runtime.workflowId}`)
    await editor.waitUntilOpen()
    const metrics = await editor.openTab('Metrics')
    const trends = metrics.getByRole('region', { name: 'Trends' })

    // Per day: a row for each of the last 30 days, the seeded ones with their items.
    const days = trends.getByRole('table', { name: 'Trend per day' })
    await expect(days.getByRole('row')).toHaveCount(31)
    for (const seeded of seededDays) {
      const row = days.getByRole('row', { name: utcDay.format(runtime.seededDay(seeded.daysAgo)) })
      const items = seeded.checked + seeded.byItself
      await expect(row.getByRole('cell').first()).toHaveText(String(items))
      await expect(row.getByRole('cell').nth(3)).toHaveText(`${Math.round((100 * seeded.byItself) / items)}%`)
    }
    const latest = utcDay.format(runtime.seededDay(1))
    await expect(
      trends.getByRole('img', { name: `Items ended per day; latest, ${latest}: Items 1` }),
    ).toBeVisible()
    await expect(
      trends.getByRole('img', {
        name: `Lead time per day; latest, ${latest}: Median (p50) 1.0 h, Nine in ten (p90) 1.0 h`,
      }),
    ).toBeVisible()
    await expect(
      trends.getByRole('img', { name: `Cost per item per day; latest, ${latest}: Cost €12.00` }),
    ).toBeVisible()

    // The figures painted on the nodes read at every zoom they are drawn at, down to the name alone.
    await expect(editor.node('Check claim').locator('.badge').first()).toHaveText('3/3 done')
    const zoomOut = page.getByRole('button', { name: 'Zoom Out' })
    for (let clicks = 0; clicks < 6; clicks++) {
      const small = (await figuresOnScreen(page)).filter(({ pixels }) => pixels < legible)
      expect(small, `figures drawn under ${legible} px after ${clicks} clicks out`).toEqual([])
      await zoomOut.click()
    }

    // Per week: twelve weeks from Monday, the items counted in the week they ended in.
    await trends.getByRole('radio', { name: 'Per week' }).check()
    const weeks = trends.getByRole('table', { name: 'Trend per week' })
    await expect(weeks.getByRole('row')).toHaveCount(13)
    const perWeek = new Map<string, number>()
    for (const seeded of seededDays) {
      const week = `Week of ${utcDay.format(mondayOf(runtime.seededDay(seeded.daysAgo)))}`
      perWeek.set(week, (perWeek.get(week) ?? 0) + seeded.checked + seeded.byItself)
    }
    for (const [week, items] of perWeek) {
      await expect(weeks.getByRole('row', { name: week }).getByRole('cell').first()).toHaveText(String(items))
    }
    const latestWeek = `Week of ${utcDay.format(mondayOf(runtime.seededDay(1)))}`
    await expect(
      trends.getByRole('img', {
        name: `Items ended per week; latest, ${latestWeek}: Items ${perWeek.get(latestWeek)}`,
      }),
    ).toBeVisible()

    // The CSV holds the same twelve weeks.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      trends.getByRole('link', { name: 'Download CSV' }).click(),
    ])
    expect(download.suggestedFilename()).toBe(`${runtime.workflowId}-trends-by-week.csv`)
    const lines = (await readFile((await download.path())!, 'utf8')).trimEnd().split('\r\n')
    expect(lines[0]).toBe(
      'start,items,leadTimeP50Ms,leadTimeP90Ms,touchlessRate,overrideRate,slaBreaches,costPerItem,currency',
    )
    expect(lines).toHaveLength(13)
    const rows = lines.slice(1).map((line) => line.split(','))
    const csvWeeks = new Map(
      rows
        .filter((row) => row[1] !== '0')
        .map((row) => [`Week of ${utcDay.format(new Date(row[0]!))}`, Number(row[1])]),
    )
    expect(csvWeeks).toEqual(perWeek)
    expect(rows.at(-1)![0]).toBe(mondayOf(new Date()).toISOString().slice(0, 10) + 'T00:00:00.000Z')
  } finally {
    // Closed first: a page still open would log its live connection's refused reconnects.
    await page.close()
    await runtime.close()
  }
})
