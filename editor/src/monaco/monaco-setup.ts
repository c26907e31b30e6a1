// The parts of Monaco Conveyor uses, nothing more: the core editor, the features below, JSON
// for the compiled view and our own JSONata language. Loaded lazily (this module is ~1 MB).
import * as monaco from 'monaco-editor/editor'
import 'monaco-editor/features/bracketMatching/register'
import 'monaco-editor/features/clipboard/register'
import 'monaco-editor/features/codelens/register'
import 'monaco-editor/features/codicon/register'
import 'monaco-editor/features/diffEditor/register'
import 'monaco-editor/features/documentSymbols/register'
import 'monaco-editor/features/find/register'
import 'monaco-editor/features/folding/register'
import 'monaco-editor/features/hover/register'
import 'monaco-editor/editor/contrib/snippet/browser/snippetController2'
import 'monaco-editor/editor/contrib/suggest/browser/suggestController'
import 'monaco-editor/languages/features/json/register'
// Services the JSON language features expect (outline, code lenses, drag and drop of text).
import 'monaco-editor/editor/common/services/treeViewsDndService'
import EditorWorker from 'monaco-editor/editor/editor.worker?worker'
import JsonWorker from 'monaco-editor/languages/features/json/json.worker?worker'
import { registerJsonata } from './jsonata-language'

self.MonacoEnvironment = {
  getWorker: (_workerId: string, label: string) => (label === 'json' ? new JsonWorker() : new EditorWorker()),
}

registerJsonata(monaco)

export { monaco }
