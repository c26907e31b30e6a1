import { describe, expect, it } from 'vitest'
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { colorFor, peerOf, Presence } from './presence'

describe('presence', () => {
  it('lists the other tabs with their names, colours, cursors and selections, not this one', () => {
    const mine = new Awareness(new Y.Doc())
    const theirs = new Awareness(new Y.Doc())
    const presence = new Presence(mine)
    new Presence(theirs).setUser('Bob')
    theirs.setLocalStateField('cursor', { x: 10, y: 20 })
    theirs.setLocalStateField('selectedNodes', ['review'])
    presence.setUser('Ann')
    applyAwarenessUpdate(mine, encodeAwarenessUpdate(theirs, [theirs.clientID]), 'socket')

    expect(presence.getPeers()).toEqual([
      {
        clientId: theirs.clientID,
        name: 'Bob',
        color: colorFor('Bob'),
        cursor: { x: 10, y: 20 },
        selectedNodes: ['review'],
      },
    ])
  })

  it('drops what a tab announced that is not presence: no name, bad colour, odd cursor', () => {
    expect(peerOf(1, { cursor: { x: 1, y: 2 } })).toBeNull()
    expect(
      peerOf(2, { user: { name: '<b>Eve</b>', color: 'red;background:url(x)' }, cursor: 'here' }),
    ).toEqual({
      clientId: 2,
      name: '<b>Eve</b>',
      color: colorFor('<b>Eve</b>'),
      cursor: null,
      selectedNodes: [],
    })
    expect(peerOf(3, { user: { name: 'Zed' }, selectedNodes: ['a', 42, null] })?.selectedNodes).toEqual(['a'])
  })

  it('gives a person the same colour every time', () => {
    expect(colorFor('Ann')).toBe(colorFor('Ann'))
    expect(colorFor('Ann')).toMatch(/^#[0-9a-f]{6}$/)
  })

  it('keeps the same list, and tells no one, while only this tab moves its pointer', () => {
    const mine = new Awareness(new Y.Doc())
    const theirs = new Awareness(new Y.Doc())
    const presence = new Presence(mine)
    new Presence(theirs).setUser('Bob')
    applyAwarenessUpdate(mine, encodeAwarenessUpdate(theirs, [theirs.clientID]), 'socket')
    const before = presence.getPeers()
    let told = 0
    presence.subscribe(() => told++)

    presence.setUser('Ann')
    presence.setCursor({ x: 1, y: 2 })
    presence.setCursor({ x: 3, y: 4 })
    expect(presence.getPeers()).toBe(before)
    expect(told).toBe(0)

    theirs.setLocalStateField('cursor', { x: 5, y: 6 })
    applyAwarenessUpdate(mine, encodeAwarenessUpdate(theirs, [theirs.clientID]), 'socket')
    expect(presence.getPeers()[0]?.cursor).toEqual({ x: 5, y: 6 })
    expect(told).toBe(1)
  })

  it('sends nothing when this tab announces what it already announced', () => {
    const awareness = new Awareness(new Y.Doc())
    const presence = new Presence(awareness)
    let sent = 0
    awareness.on('update', () => sent++)
    presence.setCursor(null)
    presence.setCursor({ x: 1, y: 2 })
    presence.setCursor({ x: 1, y: 2 })
    presence.setSelectedNodes(['a'])
    presence.setSelectedNodes(['a'])
    expect(sent).toBe(2)
  })
})
