/**
 * lima.yaml as plain text, for when the editor cannot open a file the main side accepts (the
 * error that stopped it is shown): load, edit, save with the same checks and the same
 * protection against overwriting a file changed elsewhere.
 */
import { useCallback, useEffect, useId, useState } from 'react';
import type { ApiIssue, LimadeskApi } from '../../src-main/common/api';
import { failureText } from '../api/failure-text';
import { IssueList } from './IssueList';

export interface PlainConfigEditorProps {
  api: Pick<LimadeskApi, 'getConfigText' | 'putConfigText'>;
  name: string;
  /** Why the editor could not open the file. */
  error: string;
  onRestart?: () => void;
}

type Loaded = { text: string; mtime: number };
type Status = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; restartNeeded: boolean; warnings: ApiIssue[] } | { kind: 'refused'; message: string; issues: ApiIssue[] } | { kind: 'conflict' };

export function PlainConfigEditor({ api, name, error, onRestart }: PlainConfigEditorProps) {
  const id = useId();
  const [loaded, setLoaded] = useState<Loaded>();
  const [loadError, setLoadError] = useState<string>();
  const [text, setText] = useState('');
  const [status, setStatus] = useState<Status>({ kind: 'idle' });

  const load = useCallback(async () => {
    const r = await api.getConfigText({ name });
    if (!r.ok) return setLoadError(failureText(r));
    setLoaded(r.value);
    setText(r.value.text);
    setStatus({ kind: 'idle' });
  }, [api, name]);
  useEffect(() => {
    void load();
  }, [load]);

  const save = async () => {
    if (!loaded || status.kind === 'saving') return;
    setStatus({ kind: 'saving' });
    const r = await api.putConfigText({ name, text, expectedMtime: loaded.mtime });
    if (r.ok) {
      setLoaded({ text, mtime: r.value.mtime });
      setStatus({ kind: 'saved', restartNeeded: r.value.restartNeeded === true, warnings: r.value.warnings });
    } else if (r.code === 'conflict') {
      setStatus({ kind: 'conflict' });
    } else {
      setStatus({ kind: 'refused', message: failureText(r), issues: r.issues ?? [] });
    }
  };

  return (
    <section className="limadesk-config-editor plain-config" aria-label={`Configuration of ${name}`}>
      <div role="alert" className="message-warning">
        <strong>The editor cannot open this lima.yaml:</strong> {error}. It is shown as plain text; saving checks it as usual.
      </div>
      {loadError && <p role="alert">Could not read lima.yaml of {name}: {loadError}</p>}
      {loaded && (
        <>
          <header className="limadesk-toolbar">
            <h2 id={id}>{name}: lima.yaml</h2>
            <button type="button" className="primary" onClick={() => void save()} disabled={status.kind === 'saving' || text === loaded.text}>
              Save
            </button>
            <button type="button" onClick={() => setText(loaded.text)} disabled={text === loaded.text}>
              Revert
            </button>
          </header>
          {status.kind === 'saving' && <p role="status">Validating and saving…</p>}
          {status.kind === 'saved' && (
            <div className="limadesk-save-status">
              <p role="status">
                Saved.{status.restartNeeded && ` ${name} is running: restart it to apply the change.`}
                {status.warnings.length > 0 && ` ${status.warnings.length} warning${status.warnings.length === 1 ? '' : 's'} below.`}
              </p>
              {status.restartNeeded && onRestart && (
                <button type="button" onClick={onRestart}>
                  Restart {name} now
                </button>
              )}
            </div>
          )}
          {status.kind === 'refused' && <p role="alert">Not saved: {status.message}. Your text is kept.</p>}
          {status.kind === 'conflict' && (
            <p role="alert">
              Not saved: lima.yaml changed on disk since it was opened.{' '}
              <button type="button" onClick={() => void load()}>
                Load the file again
              </button>
            </p>
          )}
          <textarea aria-labelledby={id} className="plain-config-text" value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} wrap="off" />
          <IssueList issues={status.kind === 'refused' ? status.issues : status.kind === 'saved' ? status.warnings : []} />
        </>
      )}
    </section>
  );
}
