/**
 * The config editor of one instance: YAML and form side by side over the same text, validated
 * as you type, saved only when valid, never silently overwriting lima.yaml edited elsewhere,
 * and never losing a draft.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { sameFileState } from './backend';
import type { EditorBackend, EditorIssue, LoadedConfig } from './backend';
import { ConfigForm } from './ConfigForm';
import { appendItem, applyFormChange, parse, removeItem, tryValuesFromDocument } from './document-model';
import type { FormValues, YamlPath } from './document-model';
import { createDraftStorage } from './drafts';
import type { DraftStorage } from './drafts';
import type { EditorMark } from './editor-sync';
import { isInEditedFile } from './field-issues';
import { IssueList } from './IssueList';
import { MergePanel } from './MergePanel';
import { fieldsNeedingRestart } from './restart-fields';
import type { JsonSchema } from './schema-help';
import { useValidation } from './useValidation';
import { minimalChange } from './editor-sync';
import { lineRange } from './flash-lines';
import type { RevealRange } from './flash-lines';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { matchesShortcut, SHORTCUTS } from '../ui/shortcuts';
import { Tip } from '../ui/Tip';
import { YamlEditor } from './YamlEditor';
import './config-editor.css';

export interface ConfigEditorProps {
  name: string;
  backend: EditorBackend;
  schema?: JsonSchema;
  /** A running instance is told which saved changes wait for a restart. */
  running?: boolean;
  drafts?: DraftStorage;
  validateDelayMs?: number;
  /** A line to bring into view once the file is loaded (a problem's line). */
  revealLine?: number;
  /** Restarts the instance: offered after a save whose change waits for a restart. */
  onRestart?: () => void;
}

interface ExternalChange {
  current: LoadedConfig;
  /** What both the draft and the file started from. */
  mergeBase: string;
}

type SaveOutcome =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved'; restartNeeded: boolean; restartFields: string[]; warnings: EditorIssue[]; restarting?: boolean }
  | { kind: 'refused'; message: string }
  | { kind: 'failed'; message: string };

/** An outcome is about one text: once the user edits further it is no longer news. */
type SaveStatus = SaveOutcome & { forText?: string };

function describeError(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function ConfigEditor({ name, backend, schema, running = false, drafts: draftsProp, validateDelayMs = 300, revealLine, onRestart }: ConfigEditorProps) {
  const drafts = useMemo(() => draftsProp ?? createDraftStorage(window.localStorage), [draftsProp]);
  const [base, setBase] = useState<LoadedConfig>();
  const [text, setText] = useState('');
  const [loadError, setLoadError] = useState<string>();
  const [restoredDraftFrom, setRestoredDraftFrom] = useState<string>();
  const [external, setExternal] = useState<ExternalChange>();
  const [status, setStatus] = useState<SaveStatus>({ kind: 'idle' });
  const [saveIssues, setSaveIssues] = useState<{ text: string; issues: EditorIssue[] }>();
  const [reveal, setReveal] = useState<RevealRange>();
  const [confirmRevert, setConfirmRevert] = useState(false);

  const latest = useRef({ base, text });
  useLayoutEffect(() => {
    latest.current = { base, text };
  });

  useEffect(() => {
    let cancelled = false;
    backend.load(name).then(
      (loaded) => {
        if (cancelled) return;
        const draft = drafts.load(name);
        setBase(loaded);
        if (draft && draft.text !== loaded.text) {
          setText(draft.text);
          setRestoredDraftFrom(draft.savedAt);
          if (draft.baseText !== loaded.text) setExternal({ current: loaded, mergeBase: draft.baseText });
        } else {
          setText(loaded.text);
        }
      },
      (err: unknown) => {
        if (!cancelled) setLoadError(`Could not read lima.yaml of ${name}: ${describeError(err)}`);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [backend, name, drafts]);

  useEffect(
    () =>
      backend.watch(name, (current) => {
        const { base: known, text: mine } = latest.current;
        if (!known || sameFileState(known, current)) return;
        // Our own save, seen before the save call returned, or no local edits: follow the file.
        if (current.text === mine || mine === known.text) {
          setBase(current);
          setText(current.text);
          return;
        }
        setExternal({ current, mergeBase: known.text });
      }),
    [backend, name],
  );

  // Every unsaved text is a draft; it goes away only once the file holds it.
  useEffect(() => {
    if (!base) return;
    if (text === base.text && !external) drafts.clear(name);
    else if (text !== base.text) drafts.save(name, { text, baseText: external?.mergeBase ?? base.text, savedAt: new Date().toISOString() });
  }, [drafts, name, text, base, external]);

  const parsed = useMemo(() => parse(text), [text]);
  const formView = useMemo(() => (parsed.errors.length === 0 ? tryValuesFromDocument(parsed.doc) : undefined), [parsed]);
  const currentValues = formView && 'values' in formView ? formView.values : undefined;
  const formError = formView && 'error' in formView ? formView.error : undefined;
  const [lastGoodValues, setLastGoodValues] = useState<FormValues>();
  if (currentValues && currentValues !== lastGoodValues) setLastGoodValues(currentValues);
  const formValues = formError ? undefined : (currentValues ?? lastGoodValues);

  // The main side checks every text, one that does not parse too: its syntax errors come with a place.
  const validation = useValidation(backend, name, text, base !== undefined, validateDelayMs);
  const issues = useMemo<EditorIssue[]>(() => {
    if (saveIssues?.text === text) return saveIssues.issues;
    if (validation.text === text) return validation.issues;
    // Not checked yet: a syntax error found here replaces what was said of an earlier text.
    if (parsed.errors.length > 0) return parsed.errors.map((e) => ({ severity: 'error', field: '', message: e.message, line: e.line, col: e.col }));
    return validation.issues;
  }, [saveIssues, validation, text, parsed]);

  const marks = useMemo<EditorMark[]>(
    () => [
      ...parsed.errors.map((e) => ({ severity: 'error' as const, message: e.message, line: e.line, col: e.col, from: e.from, to: e.to })),
      // Where the text does not parse, its own marks say so; the main side's would repeat them.
      ...(parsed.errors.length > 0 ? [] : issues).flatMap((i) =>
        i.line === undefined || !isInEditedFile(i) ? [] : [{ severity: i.severity, message: i.field ? `${i.field}: ${i.message}` : i.message, line: i.line, ...(i.col !== undefined ? { col: i.col } : {}) }],
      ),
    ],
    [parsed, issues],
  );

  // The line asked for (a Broken instance's problem) is shown once the file is there.
  const revealed = useRef(false);
  useEffect(() => {
    if (revealLine === undefined || !base || revealed.current) return;
    revealed.current = true;
    setReveal(lineRange(latest.current.text, revealLine));
  }, [revealLine, base]);

  const editText = useCallback((edit: (current: string) => string) => {
    const current = latest.current.text;
    let next: string;
    try {
      next = edit(current);
    } catch (err) {
      // The form is disabled while the text does not parse; an edit racing a keystroke is dropped.
      console.warn('a form edit could not be applied to the YAML', err);
      return;
    }
    setText(next);
    // What the form changed is shown in the YAML beside it.
    const change = minimalChange(current, next);
    if (change) setReveal({ from: change.from, to: change.from + change.insert.length });
  }, []);

  async function save() {
    if (!base || external) return;
    const first = parsed.errors[0];
    if (first) {
      setStatus({ forText: text, kind: 'refused', message: `Not saved: line ${first.line}, column ${first.col}: ${first.message}. Your draft is kept.` });
      return;
    }
    const textToSave = text;
    setStatus({ forText: textToSave, kind: 'saving' });
    try {
      const found = await backend.validate(textToSave, name);
      const errors = found.filter((i) => i.severity === 'error');
      if (errors.length > 0) {
        setSaveIssues({ text: textToSave, issues: found });
        setStatus({ forText: textToSave, kind: 'refused', message: `Not saved: ${errors.length} problem${errors.length === 1 ? '' : 's'} to fix first (listed below). Your draft is kept.` });
        return;
      }
      const result = await backend.save(name, textToSave, base);
      if (result.ok) {
        // Cleared here, not only by the draft effect, so that the file and the draft never both
        // hold the text even for the moment before the effect runs.
        if (latest.current.text === textToSave) drafts.clear(name);
        setBase({ text: textToSave, ...(result.mtime !== undefined ? { mtime: result.mtime } : {}) });
        setRestoredDraftFrom(undefined);
        const restartFields = running ? fieldsNeedingRestart(base.text, textToSave) : [];
        setStatus({ forText: textToSave, kind: 'saved', restartNeeded: result.restartNeeded ?? restartFields.length > 0, restartFields, warnings: result.warnings });
      } else if (result.reason === 'conflict') {
        setExternal({ current: result.current, mergeBase: base.text });
        setStatus({ forText: textToSave, kind: 'refused', message: 'Not saved: lima.yaml changed on disk since you opened it. Choose how to combine them below.' });
      } else if (result.reason === 'invalid') {
        setSaveIssues({ text: textToSave, issues: result.issues });
        setStatus({ forText: textToSave, kind: 'refused', message: `Not saved: ${result.message}. Your draft is kept.` });
      } else {
        setStatus({ forText: textToSave, kind: 'failed', message: `Saving failed: ${result.message}. Your draft is kept.` });
      }
    } catch (err) {
      setStatus({ forText: textToSave, kind: 'failed', message: `Saving failed: ${describeError(err)}. Your draft is kept.` });
    }
  }

  // Ctrl+S (Cmd+S on a Mac) saves, wherever the focus is in the tab, instead of saving the page.
  const saveRef = useRef(save);
  useLayoutEffect(() => {
    saveRef.current = save;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!matchesShortcut(e, SHORTCUTS.save)) return;
      e.preventDefault();
      void saveRef.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const discardEdits = () => {
    if (!base) return;
    setText(base.text);
    setRestoredDraftFrom(undefined);
    setConfirmRevert(false);
  };

  function resolve(nextText: string) {
    if (!external) return;
    setBase(external.current);
    setText(nextText);
    setExternal(undefined);
    setStatus({ kind: 'idle' });
  }

  if (loadError) return <p role="alert">{loadError}</p>;
  if (!base) return <p aria-busy="true">Loading lima.yaml of {name}…</p>;

  const pendingRestart = running && text !== base.text ? fieldsNeedingRestart(base.text, text) : [];

  return (
    <section className="limadesk-config-editor" aria-label={`Configuration of ${name}`}>
      <header className="limadesk-toolbar">
        <h2>{name}: lima.yaml</h2>
        <Tip content="Save lima.yaml" shortcut={SHORTCUTS.save}>
          <button type="button" className="primary" onClick={() => void save()} disabled={status.kind === 'saving' || external !== undefined || text === base.text}>
            Save
          </button>
        </Tip>
        <button type="button" onClick={() => setConfirmRevert(true)} disabled={text === base.text}>
          Revert
        </button>
      </header>

      {restoredDraftFrom && (
        <div role="status" className="limadesk-banner-info">
          Restored your unsaved draft from {new Date(restoredDraftFrom).toLocaleString()}.{' '}
          <button type="button" onClick={() => setConfirmRevert(true)}>
            Discard draft
          </button>
        </div>
      )}
      <SaveStatusLine
        status={status.forText === undefined || status.forText === text ? status : { kind: 'idle' }}
        name={name}
        {...(onRestart
          ? {
              onRestart: () => {
                if (status.kind === 'saved') setStatus({ ...status, restarting: true });
                onRestart();
              },
            }
          : {})}
      />
      {pendingRestart.length > 0 && (
        <p className="limadesk-hint" role="note">
          {name} is running: changes to {pendingRestart.join(', ')} take effect after a restart.
        </p>
      )}
      {external && (
        <MergePanel
          baseText={external.mergeBase}
          mine={text}
          theirs={external.current.text}
          onKeepMine={() => resolve(text)}
          onTakeTheirs={() => resolve(external.current.text)}
          onMerged={resolve}
        />
      )}

      <div className="limadesk-editor-split">
        <YamlEditor value={text} onChange={setText} marks={marks} label={`lima.yaml of ${name}`} reveal={reveal} {...(schema ? { schema } : {})} />
        {formError && (
          <div role="note" className="limadesk-form-unavailable" aria-label="Why the form is not shown">
            <strong>The form cannot show this lima.yaml:</strong> {formError}. Edit it as YAML; saving checks it as usual.
          </div>
        )}
        {formValues && (
          <ConfigForm
            values={formValues}
            parseErrors={parsed.errors}
            issues={issues}
            onChange={(path: YamlPath, value: unknown) => editText((t) => applyFormChange(t, path, value))}
            onAppend={(path, item) => editText((t) => appendItem(t, path, item))}
            onRemove={(path, index) => editText((t) => removeItem(t, path, index))}
          />
        )}
      </div>
      {validation.error && <p role="alert">{validation.error}</p>}
      <IssueList issues={issues} />
      {confirmRevert && (
        <ConfirmDialog title={`Discard your changes to lima.yaml of ${name}?`} confirmLabel="Discard changes" destructive onConfirm={discardEdits} onCancel={() => setConfirmRevert(false)}>
          <p>The editor goes back to the file as it is on disk. Your unsaved edits are lost.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function SaveStatusLine({ status, name, onRestart }: { status: SaveOutcome; name: string; onRestart?: () => void }) {
  switch (status.kind) {
    case 'idle':
      return null;
    case 'saving':
      return <p role="status">Validating and saving…</p>;
    case 'saved':
      return (
        <div className="limadesk-save-status">
          <p role="status">
            Saved.
            {status.restartNeeded && ` ${name} is running: restart it to apply ${status.restartFields.length > 0 ? status.restartFields.join(', ') : 'the change'}.`}
            {status.warnings.length > 0 && ` ${status.warnings.length} warning${status.warnings.length === 1 ? '' : 's'} below.`}
          </p>
          {status.restartNeeded && onRestart && (
            <button type="button" onClick={onRestart} disabled={status.restarting}>
              {status.restarting ? `Restarting ${name}…` : `Restart ${name} now`}
            </button>
          )}
        </div>
      );
    case 'refused':
    case 'failed':
      return <p role="alert">{status.message}</p>;
  }
}
