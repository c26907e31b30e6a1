/**
 * Files outside runtime/src/store that still reach the SQLite driver themselves, each with why.
 * The list only shrinks: reads move into the store's port next, and a file that no longer needs
 * its entry must leave the list (the check says so).
 */
export const allowed = {
}
