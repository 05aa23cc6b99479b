/** The config editor wired to the real API client: what the dashboard mounts. */
import { useMemo } from 'react';
import type { LimadeskApi } from '../../src-main/common/api';
import { createApiEditorBackend } from './api-backend';
import { limaYamlSchema } from './bundled-schema';
import { ConfigEditor } from './ConfigEditor';
import type { DraftStorage } from './drafts';
import type { JsonSchema } from './schema-help';

export interface InstanceConfigEditorProps {
  api: Pick<LimadeskApi, 'getConfigText' | 'putConfigText' | 'validateConfig'>;
  name: string;
  running: boolean;
  /** Defaults to the schema bundled with the app. */
  schema?: JsonSchema;
  drafts?: DraftStorage;
  revealLine?: number;
  onRestart?: () => void;
}

export function InstanceConfigEditor({ api, name, running, schema = limaYamlSchema, drafts, revealLine, onRestart }: InstanceConfigEditorProps) {
  const backend = useMemo(() => createApiEditorBackend(api, { focusTarget: window }), [api]);
  return <ConfigEditor name={name} backend={backend} running={running} schema={schema} {...(drafts ? { drafts } : {})} {...(revealLine !== undefined ? { revealLine } : {})} {...(onRestart ? { onRestart } : {})} />;
}
