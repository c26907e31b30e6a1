/** A copy that must not start or did not finish, with a reason a person can act on. */
export class CopyRefusedError extends Error {
  override readonly name = 'CopyRefusedError'
}
