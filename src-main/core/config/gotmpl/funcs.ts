/** The predefined functions of Go's text/template that do not call back into templates. */
import { TemplateError } from './lex';
import { formatValue, goEqual, goLess, goTypeName, isMap, isTrue } from './values';

export type TemplateFunction = (args: unknown[]) => unknown;

function arity(name: string, args: unknown[], n: number): void {
  if (args.length !== n) throw new TemplateError(`wrong number of args for ${name}: want ${n} got ${args.length}`);
}

/** fmt.Sprint: spaces go between operands when neither side is a string. */
function sprint(args: unknown[]): string {
  let out = '';
  args.forEach((arg, i) => {
    if (i > 0 && typeof arg !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += formatValue(arg);
  });
  return out;
}

const VERB = /%([-+# 0]*)(\d+|\*)?(?:\.(\d+|\*))?([a-zA-Z%])/g;

/** fmt.Sprintf for the verbs templates use: %v %s %q %d %t %x %X %o %c %f %e %g %%. */
export function sprintf(format: string, args: unknown[]): string {
  let next = 0;
  const out = format.replace(VERB, (whole, flags: string, width: string | undefined, precision: string | undefined, verb: string) => {
    if (verb === '%') return '%';
    if (next >= args.length) return `%!${verb}(MISSING)`;
    const arg = args[next++];
    let text = formatVerb(verb, arg, precision === undefined ? undefined : Number(precision), flags);
    const w = width === undefined ? 0 : Number(width);
    if (text.length < w) text = flags.includes('-') ? text.padEnd(w) : flags.includes('0') && /[dfxXoeg]/.test(verb) ? text.padStart(w, '0') : text.padStart(w);
    void whole;
    return text;
  });
  return next < args.length ? `${out}%!(EXTRA ${args.slice(next).map((a) => `${goTypeName(a)}=${formatValue(a)}`).join(', ')})` : out;
}

function formatVerb(verb: string, arg: unknown, precision: number | undefined, flags: string): string {
  const bad = (): string => `%!${verb}(${goTypeName(arg)}=${formatValue(arg)})`;
  switch (verb) {
    case 'v':
    case 's':
      return verb === 's' && typeof arg !== 'string' && typeof arg !== 'object' ? bad() : formatValue(arg);
    case 'q':
      return typeof arg === 'string' ? JSON.stringify(arg) : typeof arg === 'number' ? `'${String.fromCodePoint(arg)}'` : bad();
    case 't':
      return typeof arg === 'boolean' ? String(arg) : bad();
    case 'd':
      return typeof arg === 'number' && Number.isInteger(arg) ? `${flags.includes('+') && arg >= 0 ? '+' : ''}${arg}` : bad();
    case 'x':
    case 'X': {
      const text = typeof arg === 'number' ? Math.trunc(arg).toString(16) : typeof arg === 'string' ? Buffer.from(arg).toString('hex') : undefined;
      if (text === undefined) return bad();
      return verb === 'X' ? text.toUpperCase() : text;
    }
    case 'o':
      return typeof arg === 'number' && Number.isInteger(arg) ? arg.toString(8) : bad();
    case 'c':
      return typeof arg === 'number' ? String.fromCodePoint(arg) : bad();
    case 'f':
    case 'F':
      return typeof arg === 'number' ? arg.toFixed(precision ?? 6) : bad();
    case 'e':
      return typeof arg === 'number' ? arg.toExponential(precision ?? 6).replace(/e([+-])(\d)$/, 'e$10$2') : bad();
    case 'g':
      return typeof arg === 'number' ? formatValue(arg) : bad();
    default:
      return `%!${verb}(${goTypeName(arg)}=${formatValue(arg)})`;
  }
}

function length(args: unknown[]): number {
  arity('len', args, 1);
  const [v] = args;
  if (typeof v === 'string') return Buffer.byteLength(v);
  if (Array.isArray(v)) return v.length;
  if (isMap(v)) return Object.keys(v).length;
  throw new TemplateError(`error calling len: len of type ${goTypeName(v)}`);
}

function index(args: unknown[]): unknown {
  if (args.length === 0) throw new TemplateError('wrong number of args for index: want at least 1 got 0');
  let value = args[0];
  for (const key of args.slice(1)) {
    if (Array.isArray(value) || typeof value === 'string') {
      if (typeof key !== 'number' || !Number.isInteger(key)) throw new TemplateError(`error calling index: cannot index slice/array with type ${goTypeName(key)}`);
      if (key < 0 || key >= value.length) throw new TemplateError(`error calling index: index out of range: ${key}`);
      value = typeof value === 'string' ? Buffer.from(value)[key] : value[key];
    } else if (isMap(value)) {
      value = Object.hasOwn(value, String(key)) ? value[String(key)] : undefined;
    } else if (value === undefined || value === null) {
      throw new TemplateError('error calling index: index of untyped nil');
    } else {
      throw new TemplateError(`error calling index: can't index item of type ${goTypeName(value)}`);
    }
  }
  return value;
}

function slice(args: unknown[]): unknown {
  const [v, ...bounds] = args;
  if (typeof v !== 'string' && !Array.isArray(v)) throw new TemplateError(`error calling slice: can't slice item of type ${goTypeName(v)}`);
  if (bounds.length > 2) throw new TemplateError('error calling slice: too many slice indexes');
  const [from = 0, to = v.length] = bounds as number[];
  if (from < 0 || to > v.length || from > to) throw new TemplateError(`error calling slice: index out of range: ${from}:${to}`);
  return v.slice(from, to);
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&#39;', '"': '&#34;', '\0': '\uFFFD' };

/** Go's JSEscapeString for one character. */
function jsEscape(c: string): string {
  if (c === '\\' || c === "'" || c === '"') return `\\${c}`;
  return `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

export const FUNCTIONS: Readonly<Record<string, TemplateFunction>> = {
  not: (args) => {
    arity('not', args, 1);
    return !isTrue(args[0]);
  },
  eq: (args) => goEqual(args[0], args.slice(1)),
  ne: (args) => {
    arity('ne', args, 2);
    return !goEqual(args[0], [args[1]]);
  },
  lt: (args) => {
    arity('lt', args, 2);
    return goLess(args[0], args[1]);
  },
  le: (args) => {
    arity('le', args, 2);
    return goLess(args[0], args[1]) || goEqual(args[0], [args[1]]);
  },
  gt: (args) => {
    arity('gt', args, 2);
    return !goLess(args[0], args[1]) && !goEqual(args[0], [args[1]]);
  },
  ge: (args) => {
    arity('ge', args, 2);
    return !goLess(args[0], args[1]);
  },
  len: length,
  index,
  slice,
  print: (args) => sprint(args),
  println: (args) => `${args.map(formatValue).join(' ')}\n`,
  printf: (args) => {
    const [format, ...rest] = args;
    if (typeof format !== 'string') throw new TemplateError(`wrong type for value; expected string; got ${goTypeName(format)}`);
    return sprintf(format, rest);
  },
  html: (args) => sprint(args).replace(/[<>&'"\0]/g, (c) => HTML_ESCAPES[c] ?? c),
  js: (args) => [...sprint(args)].map((c) => (c.charCodeAt(0) < 0x20 || `\\'"<>&=`.includes(c) ? jsEscape(c) : c)).join(''),
  urlquery: (args) => encodeURIComponent(sprint(args)).replace(/%20/g, '+').replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
};

/** `and` and `or` see their arguments unevaluated: they stop at the first that decides. */
export const LAZY_FUNCTIONS: Readonly<Record<string, (args: Array<() => unknown>) => unknown>> = {
  and: (args) => {
    if (args.length === 0) throw new TemplateError('wrong number of args for and: want at least 1 got 0');
    let value: unknown;
    for (const arg of args) {
      value = arg();
      if (!isTrue(value)) return value;
    }
    return value;
  },
  or: (args) => {
    if (args.length === 0) throw new TemplateError('wrong number of args for or: want at least 1 got 0');
    let value: unknown;
    for (const arg of args) {
      value = arg();
      if (isTrue(value)) return value;
    }
    return value;
  },
};
