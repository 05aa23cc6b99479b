/**
 * Create an instance from a bundled template or a local lima.yaml: a form over the YAML, the
 * YAML itself beside it, problems explained as you type, and the `limactl create` line that
 * does the same, shown before anything is created.
 */
import { Fragment, useEffect, useMemo, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { ApiIssue, InstanceSummary, LimadeskApi } from '../../src-main/common/api';
import { appendItem, parse, removeItem, valuesFromDocument } from '../editor/document-model';
import type { YamlPath } from '../editor/document-model';
import { issuesFor, placeOf } from '../editor/field-issues';
import { minimalChange } from '../editor/editor-sync';
import type { EditorMark } from '../editor/editor-sync';
import { lineRange } from '../editor/flash-lines';
import type { RevealRange } from '../editor/flash-lines';
import { YamlEditor } from '../editor/YamlEditor';
import { useInstanceNames } from '../store/hooks';
import type { FieldProblem } from './CreateField';
import { CreateForm } from './CreateForm';
import { formProblems } from './form-checks';
import { defaultInstanceName, instanceNameProblem } from './instance-name';
import { limactlCreateWords } from './limactl-command';
import { applyCreateFormChange } from './list-item-edit';
import { useConfigIssues } from './useConfigIssues';
import { useCreateSource } from './useCreateSource';
import { Titlebar } from '../shell/Titlebar';
import { HostWarnings } from '../doctor/HostWarnings';
import { TemplateCard, templateOsText } from './TemplateCard';
import './create.css';

export interface CreatePageProps {
  api: Pick<LimadeskApi, 'listTemplates' | 'getTemplateText' | 'validateConfig' | 'createInstance'>;
  /** `template`: the bundled template it was made from, if any. */
  onCreated: (instance: InstanceSummary, warnings: ApiIssue[], template?: string) => void;
  onCancel: () => void;
  validateDelayMs?: number;
  /** The template to start from (the list's empty state offers a few); else the default one. */
  initialTemplate?: string;
}

type SubmitState = { kind: 'idle' } | { kind: 'creating' } | { kind: 'failed'; message: string };

function plainObject(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

const FORM_FIELDS = /^(name|cpus|memory|disk|mounts\.\d+\.(location|writable)|portForwards\.\d+\.(guestPort|hostPort))$/;

export function CreatePage({ api, onCreated, onCancel, validateDelayMs, initialTemplate }: CreatePageProps) {
  const source = useCreateSource(api, initialTemplate);
  const existing = useInstanceNames();
  const [text, setText] = useState<string>();
  const [name, setName] = useState('');
  const [nameEdited, setNameEdited] = useState(false);
  const [submit, setSubmit] = useState<SubmitState>({ kind: 'idle' });
  const [createIssues, setCreateIssues] = useState<{ text: string; issues: ApiIssue[] }>();
  const formRef = useRef<HTMLFormElement>(null);

  // A newly chosen template or file replaces the text, and proposes its name unless one was typed.
  const loaded = source.loaded;
  useEffect(() => {
    if (!loaded) return;
    setText(loaded.text);
    setSubmit({ kind: 'idle' });
    if (!nameEdited) setName(defaultInstanceName(loaded.source.kind === 'template' ? loaded.source.name : loaded.source.fileName));
    // nameEdited is read, not followed: typing a name must not reload the template.
  }, [loaded]);

  const parsed = useMemo(() => (text === undefined ? undefined : parse(text)), [text]);
  const parseErrors = parsed?.errors ?? [];
  const values = useMemo(() => (parsed && parsed.errors.length === 0 ? valuesFromDocument(parsed.doc) : undefined), [parsed]);
  const original = useMemo(() => (loaded ? plainObject(parse(loaded.text).doc.toJS()) : {}), [loaded]);
  const current = useMemo(() => (parsed && parsed.errors.length === 0 ? plainObject(parsed.doc.toJS()) : undefined), [parsed]);

  const validation = useConfigIssues(api, values ? text : undefined, validateDelayMs);
  const serverIssues = createIssues && createIssues.text === text ? createIssues.issues : validation.checkedText === text ? validation.issues : [];
  const checking = values !== undefined && validation.checkedText !== text && createIssues?.text !== text;

  const nameProblem = instanceNameProblem(name, existing);
  const clientProblems = useMemo(() => ({ ...(values ? formProblems(values) : {}), ...(nameProblem ? { name: nameProblem } : {}) }), [values, nameProblem]);
  const errors = serverIssues.filter((i) => i.severity === 'error');
  const otherIssues = serverIssues.filter((i) => !FORM_FIELDS.test(i.field.replace(/\[(\d+)\]/g, '.$1')));
  const problemCount = Object.keys(clientProblems).length + errors.length + parseErrors.length;

  const problems = (field: string): FieldProblem[] => {
    const mine = clientProblems[field as keyof typeof clientProblems];
    const theirs = issuesFor(serverIssues, field).map((i) => ({ message: i.message, severity: i.severity }));
    return mine ? [{ message: mine, severity: 'error' }, ...theirs] : theirs;
  };

  // The YAML pane shows what each form edit changed: scrolled into view and tinted.
  const [reveal, setReveal] = useState<RevealRange>();
  const edit = (change: (t: string) => string) => {
    if (text === undefined) return;
    let next: string;
    try {
      next = change(text);
    } catch (err) {
      // The form is disabled while the text does not parse; an edit racing that is dropped.
      console.warn('a form edit could not be applied to the YAML', err);
      return;
    }
    setText(next);
    const diff = minimalChange(text, next);
    if (diff) setReveal({ from: diff.from, to: diff.from + diff.insert.length });
  };
  const parseMarks = useMemo<EditorMark[]>(() => parseErrors.map((e) => ({ severity: 'error', message: e.message, line: e.line, col: e.col, from: e.from, to: e.to })), [parseErrors]);

  const command = values && current && loaded ? limactlCreateWords({ name: name || 'NAME', source: loaded.source, original, current }) : undefined;

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (text === undefined || submit.kind === 'creating') return;
    if (problemCount > 0) {
      setSubmit({ kind: 'failed', message: `Not created: ${problemCount} problem${problemCount === 1 ? '' : 's'} to fix first, marked above.` });
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    setSubmit({ kind: 'creating' });
    const submitted = text;
    const result = await api.createInstance({ name, text: submitted });
    if (result.ok) {
      setSubmit({ kind: 'idle' });
      onCreated(result.value.instance, result.value.warnings, loaded?.source.kind === 'template' ? loaded.source.name : undefined);
      return;
    }
    if (result.issues) setCreateIssues({ text: submitted, issues: result.issues });
    const what = result.code === 'exists' ? `${result.message}. Choose another name.` : result.code === 'invalid-config' ? `${result.message}. Fix the problems marked above.` : result.message;
    setSubmit({ kind: 'failed', message: `Not created: ${what}` });
  }

  const selectedTemplate = loaded?.source.kind === 'template' ? loaded.source.name : '';
  const chosenTemplate = source.templates.find((t) => t.name === selectedTemplate);

  return (
    <>
    <Titlebar title="Create an instance" titleId="create-title" />
    <section className="create-page page-body" aria-labelledby="create-title">
      <HostWarnings />

      <div className="create-source">
        <label>
          Template{' '}
          <select value={selectedTemplate} onChange={(e) => e.target.value && source.chooseTemplate(e.target.value)} disabled={source.templates.length === 0}>
            {selectedTemplate === '' && <option value="">{loaded ? '(a local file)' : 'Choose…'}</option>}
            {source.templates.map((t) => (
              <option key={t.name} value={t.name} title={t.description}>
                {t.os || t.distro ? `${t.name} — ${templateOsText(t)}` : t.name}
              </option>
            ))}
          </select>
        </label>
        <span className="or">or</span>
        <label>
          Local file{' '}
          <input
            type="file"
            accept=".yaml,.yml,application/yaml,text/yaml"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) source.chooseFile(file);
            }}
          />
        </label>
        {source.loading && <span aria-busy="true">Loading…</span>}
      </div>
      {chosenTemplate && <TemplateCard template={chosenTemplate} />}
      {source.templatesError && <p role="alert">Templates are not available: {source.templatesError}. You can still start from a local file.</p>}
      {source.loadError && <p role="alert">{source.loadError}</p>}

      {text !== undefined && (
        <div className="create-split">
          <form ref={formRef} aria-label="New instance settings" onSubmit={(e) => void onSubmit(e)} noValidate>
            {parseErrors.length > 0 && text !== undefined && (
              <div role="alert" className="message-error">
                <strong>This YAML does not parse.</strong> Fix it in the YAML beside the form; the form comes back once it parses.
                <ul className="parse-errors">
                  {parseErrors.map((p, k) => (
                    <li key={k}>
                      <button type="button" className="link-button" onClick={() => setReveal(lineRange(text, p.line))}>
                        Line {p.line}, column {p.col}
                      </button>
                      : {p.message}
                    </li>
                  ))}
                </ul>
              </div>
            )}
            {values && (
              <CreateForm
                name={name}
                onNameChange={(n) => {
                  setName(n);
                  setNameEdited(true);
                }}
                values={values}
                problems={problems}
                disabled={submit.kind === 'creating'}
                onChange={(path: YamlPath, value: unknown) => edit((t) => applyCreateFormChange(t, path, value))}
                onAppend={(path, item) => edit((t) => appendItem(t, path, item))}
                onRemove={(path, index) => edit((t) => removeItem(t, path, index))}
              />
            )}
            {otherIssues.length > 0 && (
              <div className="other-issues">
                <h3>Other problems in the YAML</h3>
                <ul>
                  {otherIssues.map((i, k) => (
                    <li key={k} className={i.severity === 'error' ? 'issue-error' : 'issue-warning'}>
                      <code>{i.field || '(file)'}</code>: {i.message}
                      {placeOf(i) && ` (${placeOf(i)})`}
                    </li>
                  ))}
                </ul>
              </div>
            )}
            {validation.error && <p role="alert">Could not check the settings: {validation.error}</p>}

            <div className="command">
              <h3 id="create-command-title">The same with limactl</h3>
              <pre aria-labelledby="create-command-title" data-testid="limactl-command">
                <code>
                  {command
                    ? command.map((word, k) => (
                        // Each word stays whole: the line breaks only between words.
                        <Fragment key={k}>
                          {k > 0 && ' '}
                          <span className="command-word">{word}</span>
                        </Fragment>
                      ))
                    : '—'}
                </code>
              </pre>
            </div>

            <div className="form-actions">
              <button type="submit" className="primary" disabled={submit.kind === 'creating' || values === undefined}>
                {submit.kind === 'creating' ? 'Creating…' : 'Create'}
              </button>
              <button type="button" onClick={onCancel}>
                Cancel
              </button>
              {checking && <span className="hint">Checking…</span>}
              {!checking && problemCount === 0 && values && <span className="hint">Ready to create.</span>}
            </div>
            {submit.kind === 'failed' && <p role="alert">{submit.message}</p>}
          </form>

          <section className="yaml-preview" aria-labelledby="create-yaml-title">
            <h3 id="create-yaml-title">lima.yaml of {name || 'the new instance'}</h3>
            <div data-testid="create-yaml">
              <YamlEditor value={text} onChange={setText} marks={parseMarks} label={`lima.yaml of ${name || 'the new instance'}`} reveal={reveal} />
            </div>
          </section>
        </div>
      )}
    </section>
    </>
  );
}
