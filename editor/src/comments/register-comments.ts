// Registers node comments (badges on the diagram, a Comments tab) as editor extensions; see app/extensions.ts.
import { registerPanelTab, registerToolbarItem } from '../app/extensions'
import { CommentBadges } from './comment-badges'
import { CommentsTab } from './comments-tab'

registerToolbarItem({ id: 'comment-badges', order: 300, Component: CommentBadges })
registerPanelTab({ id: 'comments', title: 'Comments', order: 150, Component: CommentsTab })
