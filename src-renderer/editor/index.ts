export { ConfigEditor } from './ConfigEditor';
export type { ConfigEditorProps } from './ConfigEditor';
export { InstanceConfigEditor } from './InstanceConfigEditor';
export type { InstanceConfigEditorProps } from './InstanceConfigEditor';
export { createApiEditorBackend } from './api-backend';
export type { EditorBackend, EditorIssue, LoadedConfig, SaveResult } from './backend';
export { createDraftStorage } from './drafts';
export type { Draft, DraftStorage } from './drafts';
export type { JsonSchema } from './schema-help';
