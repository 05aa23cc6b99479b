/**
 * The lima.yaml text is the single source of truth for the editor and the form.
 * The form never keeps state of its own: it reads `formValues(text)` and writes through
 * `applyFormChange`, which edits the parsed Document in place so comments, key order and
 * untouched formatting survive.
 */
import { isMap, isSeq, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import { serializeLike } from './serialize';

export type YamlPath = readonly (string | number)[];

export interface ParseError {
  message: string;
  /** 1-based, as shown to people. */
  line: number;
  col: number;
  /** Character offsets into the text, for editor diagnostics. */
  from: number;
  to: number;
}

export interface ParseResult {
  doc: Document;
  errors: ParseError[];
}

export interface MountValues {
  location: string;
  mountPoint?: string;
  writable?: boolean;
}

export interface PortForwardValues {
  guestIP?: string;
  guestPort?: number;
  hostIP?: string;
  hostPort?: number;
  proto?: string;
}

export interface FormValues {
  cpus?: number;
  memory?: string;
  disk?: string;
  mounts: MountValues[];
  portForwards: PortForwardValues[];
  vncDisplay?: string;
  qemuMinimumVersion?: string;
  /** `vmOpts.qemu.cpuType` is keyed by guest architecture. */
  qemuCpuType: Record<string, string>;
}

export type FormView = { ok: true; values: FormValues } | { ok: false; errors: ParseError[] };

/** Where each form field lives in the document. */
export const FORM_PATHS = {
  cpus: ['cpus'],
  memory: ['memory'],
  disk: ['disk'],
  mounts: ['mounts'],
  portForwards: ['portForwards'],
  vncDisplay: ['video', 'vnc', 'display'],
  qemuMinimumVersion: ['vmOpts', 'qemu', 'minimumVersion'],
  qemuCpuType: ['vmOpts', 'qemu', 'cpuType'],
} as const satisfies Record<keyof FormValues, YamlPath>;

export function parse(text: string): ParseResult {
  const doc = parseDocument(text, { prettyErrors: true });
  const errors = doc.errors.map((e): ParseError => {
    const start = e.linePos?.[0];
    return {
      // prettyErrors appends a code excerpt after the first line; the editor marks the spot itself.
      message: (e.message.split('\n')[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, ''),
      line: start?.line ?? 1,
      col: start?.col ?? 1,
      from: e.pos[0],
      to: Math.max(e.pos[1], e.pos[0]),
    };
  });
  return { doc, errors };
}

export class InvalidDocumentError extends Error {
  constructor(readonly errors: ParseError[]) {
    const first = errors[0];
    super(first ? `lima.yaml line ${first.line}, column ${first.col}: ${first.message}` : 'lima.yaml does not parse');
    this.name = 'InvalidDocumentError';
  }
}

function isEmptyValue(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/**
 * Returns the text with the value at `path` set (or removed when `value` is undefined,
 * null or ''). Emptied parent maps are removed too, so clearing the VNC display does not
 * leave `video: {vnc: {}}` behind. Refuses to touch a text that does not parse: rewriting
 * it would throw away what the user is typing.
 */
export function applyFormChange(text: string, path: YamlPath, value: unknown): string {
  const { doc, errors } = parse(text);
  if (errors.length > 0) throw new InvalidDocumentError(errors);
  if (doc.contents === null) doc.contents = doc.createNode({}) as Document['contents'];
  if (isEmptyValue(value)) {
    doc.deleteIn(path);
    pruneEmptyParents(doc, path);
  } else if (value !== null && typeof value === 'object') {
    doc.setIn(path, doc.createNode(value));
  } else {
    // A plain scalar lets yaml update the existing node in place, which keeps its trailing comment.
    doc.setIn(path, value);
  }
  return serializeLike(doc, text);
}

function pruneEmptyParents(doc: Document, path: YamlPath): void {
  for (let depth = path.length - 1; depth > 0; depth--) {
    const parentPath = path.slice(0, depth);
    const node = doc.getIn(parentPath, true);
    if ((isMap(node) || isSeq(node)) && node.items.length === 0 && !node.comment && !node.commentBefore) {
      doc.deleteIn(parentPath);
    } else {
      return;
    }
  }
}

/** Appends an item to a sequence, creating the sequence when missing. */
export function appendItem(text: string, path: YamlPath, item: unknown): string {
  const { doc, errors } = parse(text);
  if (errors.length > 0) throw new InvalidDocumentError(errors);
  const seq = doc.getIn(path, true);
  if (isSeq(seq)) {
    seq.items.push(doc.createNode(item));
  } else {
    if (doc.contents === null) doc.contents = doc.createNode({}) as Document['contents'];
    doc.setIn(path, doc.createNode([item]));
  }
  return serializeLike(doc, text);
}

/** Removes one item of a sequence; the sequence key goes too when it becomes empty. */
export function removeItem(text: string, path: YamlPath, index: number): string {
  const { doc, errors } = parse(text);
  if (errors.length > 0) throw new InvalidDocumentError(errors);
  doc.deleteIn([...path, index]);
  const seq = doc.getIn(path, true);
  if (isSeq(seq) && seq.items.length === 0) doc.deleteIn(path);
  return serializeLike(doc, text);
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function dig(root: unknown, path: YamlPath): unknown {
  let node = root;
  for (const key of path) node = record(node)[String(key)];
  return node;
}

/** Drops undefined members so form values compare and print cleanly. */
function compact<T extends object>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
}

/**
 * The form's values, or why the form cannot show this document: a lima.yaml may be valid and
 * still too much for the parser's guard (more aliases than it expands, for one).
 */
export function tryValuesFromDocument(doc: Document): { values: FormValues } | { error: string } {
  try {
    return { values: valuesFromDocument(doc) };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

export function valuesFromDocument(doc: Document): FormValues {
  const js: unknown = doc.toJS();
  const cpuType: Record<string, string> = {};
  for (const [arch, model] of Object.entries(record(dig(js, FORM_PATHS.qemuCpuType)))) {
    const s = str(model);
    if (s !== undefined) cpuType[arch] = s;
  }
  return compact({
    cpus: num(dig(js, FORM_PATHS.cpus)),
    memory: str(dig(js, FORM_PATHS.memory)),
    disk: str(dig(js, FORM_PATHS.disk)),
    mounts: list(dig(js, FORM_PATHS.mounts)).map((m) => {
      const r = record(m);
      return compact({
        location: str(r.location) ?? '',
        mountPoint: str(r.mountPoint),
        writable: typeof r.writable === 'boolean' ? r.writable : undefined,
      });
    }),
    portForwards: list(dig(js, FORM_PATHS.portForwards)).map((p) => {
      const r = record(p);
      return compact({
        guestIP: str(r.guestIP),
        guestPort: num(r.guestPort),
        hostIP: str(r.hostIP),
        hostPort: num(r.hostPort),
        proto: str(r.proto),
      });
    }),
    vncDisplay: str(dig(js, FORM_PATHS.vncDisplay)),
    qemuMinimumVersion: str(dig(js, FORM_PATHS.qemuMinimumVersion)),
    qemuCpuType: cpuType,
  });
}

/** The form's view of the text; while the text does not parse, the form is disabled and says where. */
export function formValues(text: string): FormView {
  const { doc, errors } = parse(text);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, values: valuesFromDocument(doc) };
}
