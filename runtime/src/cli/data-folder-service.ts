import { resolve } from 'node:path'
import { databaseUrlFromEnvironment, secretKeyFromEnvironment } from '../config'
import { createConveyorService } from '../service'
import { InvalidError, isServiceError } from '../service/errors'
import type { ConveyorService } from '../service/types'
import { CliError, type CliContext, type CommandInput } from './command'

/** `--data DIR`, else `$CONVEYOR_DATA`, else `./data`, from where the command was run. */
export function dataFolderOf(values: CommandInput['values'], context: CliContext): string {
  const data = typeof values.data === 'string' ? values.data : process.env.CONVEYOR_DATA?.trim() || './data'
  return resolve(context.cwd, data)
}

/**
 * Runs `work` on the store the servers use, beside any running on it: the PostgreSQL database
 * `CONVEYOR_DATABASE_URL` names when it is set (as `serve` does), else the data folder. Nothing is
 * resumed. The secret key is the servers' (`CONVEYOR_SECRET_KEY` or the folder's key file).
 */
export async function withService<T>(
  dataDir: string,
  work: (service: ConveyorService) => Promise<T>,
): Promise<T> {
  const service = await createConveyorService({
    dataDir,
    databaseUrl: databaseUrlFromEnvironment(),
    runWorkflows: false,
    secretKey: secretKeyFromEnvironment(),
  })
  try {
    return await work(service)
  } catch (error) {
    if (error instanceof InvalidError && error.errors.length > 0) {
      throw new CliError(error.errors.map((field) => `${field.path} ${field.message}`).join('; '))
    }
    if (isServiceError(error)) throw new CliError(error.message)
    throw error
  } finally {
    await service.close()
  }
}
