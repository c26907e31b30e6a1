/**
 * Files outside runtime/src/store that may reach the SQLite driver themselves, each with why. None
 * does: every read and write goes through the store's port. An entry must say why, and one no
 * longer needed must leave the list (the check says so).
 */
export const allowed = {}
