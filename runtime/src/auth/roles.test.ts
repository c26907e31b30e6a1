import { describe, expect, it } from 'vitest'
import { roleAllows, roles, type Permission } from './roles'

describe('roles', () => {
  const permissions: Permission[] = ['read', 'design', 'start', 'work', 'operate', 'administer']

  it('each role includes everything the roles before it may do', () => {
    for (const permission of permissions) {
      const allowed = roles.map((role) => roleAllows(role, permission))
      // Once a role has a permission, every higher role has it too.
      expect(allowed.indexOf(true)).toBeGreaterThanOrEqual(0)
      expect(allowed.slice(allowed.indexOf(true)).every(Boolean)).toBe(true)
    }
  })

  it('keeps viewers read-only and tokens to admins', () => {
    expect(permissions.filter((p) => roleAllows('viewer', p))).toEqual(['read'])
    expect(permissions.filter((p) => roleAllows('editor', p))).toEqual(['read', 'design', 'start', 'work'])
    expect(roleAllows('operator', 'administer')).toBe(false)
    expect(roleAllows('admin', 'administer')).toBe(true)
  })
})
