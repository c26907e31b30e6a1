// Installs the workspace with the pinned pnpm so `npm start` and `npm test` work on a machine
// that has only Node and npm. better-sqlite3 compiles from source here and needs Node's headers.
import { execSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'

const { packageManager } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
const env = { ...process.env }
if (!env.npm_config_nodedir && existsSync('/usr/include/node/node.h')) env.npm_config_nodedir = '/usr'

const pnpmVersion = packageManager.replace('pnpm@', '')
const hasPinnedPnpm = (() => {
  try {
    return (
      execSync('pnpm --version', { env, stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim() === pnpmVersion
    )
  } catch {
    return false
  }
})()
const pnpm = hasPinnedPnpm ? 'pnpm' : `npx -y ${packageManager}`
execSync(`${pnpm} install --frozen-lockfile`, { env, stdio: 'inherit' })

// The rest of the command line is a pnpm script to run once installed, e.g. `setup.mjs check`.
const script = process.argv.slice(2).join(' ')

// The store's tests run on a throwaway PostgreSQL cluster: as root, with apt-get, install Debian's
// when missing (elsewhere the tests say how to install it or point them at a server).
const hasPostgres = () =>
  existsSync('/usr/lib/postgresql') &&
  readdirSync('/usr/lib/postgresql').some((version) =>
    existsSync(`/usr/lib/postgresql/${version}/bin/initdb`),
  )
const hasAptGet = () => ['/usr/bin/apt-get', '/bin/apt-get'].some((path) => existsSync(path))
if (script === 'check' && process.getuid?.() === 0 && hasAptGet() && !hasPostgres()) {
  const aptEnv = { ...env, DEBIAN_FRONTEND: 'noninteractive' }
  execSync('apt-get update -qq && apt-get install -y -qq postgresql', { env: aptEnv, stdio: 'inherit' })
}
if (script) {
  try {
    execSync(`${pnpm} run ${script}`, { env, stdio: 'inherit' })
  } catch (error) {
    process.exit(typeof error.status === 'number' ? error.status : 1)
  }
}
