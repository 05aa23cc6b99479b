import { Component, useMemo } from 'react';
import type { ErrorInfo, ReactNode } from 'react';
import { useApi } from '../api/ApiContext';
import { InstanceConfigEditor } from '../editor/InstanceConfigEditor';
import { PlainConfigEditor } from '../editor/PlainConfigEditor';
import { draftStorageOf } from '../store/drafts-slice';
import { useAppStore, useAppStoreApi } from '../store/hooks';
import type { InstanceTabProps } from './tabs';

/** The editor failed while opening or editing the file: the file is still there to edit as text. */
export class EditorFallback extends Component<{ children: ReactNode; fallback: (error: string) => ReactNode }, { error?: string }> {
  override state: { error?: string } = {};
  static getDerivedStateFromError(error: Error) {
    return { error: error.message };
  }
  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('the config editor failed; lima.yaml is shown as plain text', error, info.componentStack);
  }
  override render() {
    return this.state.error !== undefined ? this.props.fallback(this.state.error) : this.props.children;
  }
}

export function ConfigTab({ instance, line }: InstanceTabProps) {
  const api = useApi();
  const store = useAppStoreApi();
  const runAction = useAppStore((s) => s.runAction);
  // Drafts go through the store so the instance list can show which instances have one.
  const drafts = useMemo(() => draftStorageOf(store), [store]);
  const { name } = instance;
  const restart = () => void runAction(name, 'restart');
  return (
    <EditorFallback fallback={(error) => <PlainConfigEditor api={api} name={name} error={error} onRestart={restart} />}>
      <InstanceConfigEditor api={api} name={name} running={instance.status === 'Running'} drafts={drafts} onRestart={restart} {...(line !== undefined ? { revealLine: line } : {})} />
    </EditorFallback>
  );
}
