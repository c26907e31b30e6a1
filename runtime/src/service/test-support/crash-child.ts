/**
 * The process the crash test kills: it opens the service on a data dir, starts instances and
 * prints each one's id once its start is acknowledged. Usage: crash-child <dataDir> <count>.
 */
import { createConveyorService } from '..'

const [dataDir, count] = process.argv.slice(2)
const service = await createConveyorService({ dataDir: dataDir!, allowPrivateHosts: ['127.0.0.1'] })
for (let i = 0; i < Number(count); i++) {
  const { instance } = await service.startInstance({ workflowId: 'crash-test', input: { n: i } })
  process.stdout.write(`acked ${instance.id}\n`)
}
process.stdout.write('all-started\n')
