/**
 * Loading a lima.yaml as Lima does: read, parse, merge with `_config/default.yaml` and
 * `_config/override.yaml`, fill defaults, validate. Every problem on the way is an issue;
 * the filled config is handed out only when none of them is an error.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ConfigDir, DefaultYAML, LimaVersion, OverrideYAML } from '../store/filenames';
import { workerFailureIssue, workerFor } from './config-guard';
import { runInConfigWorker, type ConfigWorkerOptions } from './config-worker-pool';
import { fillDefaults } from './defaults';
import { parseFieldPath } from './field-path';
import { inLineOrder, oneErrorPerProblem } from './issue-order';
import { detectHost, type HostInfo } from './host';
import { layeredPositionOf, type Layer } from './layer-positions';
import { parseLimaYaml, type ParsedYaml } from './parse';
import { TEMPLATE_SIZE_LIMIT } from './template-locator';
import type { ConfigIssue, FilledLimaYAML, LimaYAML } from './types';
import { validateLimaYaml, validateParamIsUsed } from './validate';
import { LIMA_VERSION_COMPAT } from './version';

export interface LoadOptions {
  file: string;
  /** The file's content when the caller already has it (an editor buffer); otherwise it is read. */
  text?: string;
  limaHome: string;
  instanceDir?: string;
  host?: HostInfo;
  limaVersion?: string;
  /** Include Lima's warnings (experimental features, missing mount directories); default true. */
  warn?: boolean;
  /** `_config/default.yaml` and `override.yaml` already read (see readConfigLayers); read here otherwise. */
  layers?: ConfigLayers;
  /**
   * The config is for an instance about to be created (a template being validated): defaults
   * are those of a new instance even if `instanceDir` already exists.
   */
  newInstance?: boolean;
  /** The instance's lima-version ('' when it has none), if the caller has read it already. */
  existingLimaVersion?: string;
  /**
   * Parses the text; a caller that only reads the result may pass parseLimaYamlCached
   * (parse-cache.ts). Callers that edit the parsed document must not.
   */
  parse?: (text: string, file: string) => ParsedYaml;
  /** Where big documents are checked (config-worker-pool.ts); the bundled worker by default. */
  worker?: ConfigWorkerOptions;
}

/** The two optional files every instance of a `$LIMA_HOME` is merged with, and their issues. */
export interface ConfigLayers {
  defaults?: Layer;
  override?: Layer;
  issues: ConfigIssue[];
}

/** Reads the layers once, for callers that load many instances of one `$LIMA_HOME` (a listing). */
export async function readConfigLayers(limaHome: string): Promise<ConfigLayers> {
  const issues: ConfigIssue[] = [];
  const configDir = path.join(limaHome, ConfigDir);
  const defaults = await readLayer(path.join(configDir, DefaultYAML), issues);
  const override = await readLayer(path.join(configDir, OverrideYAML), issues);
  return { ...(defaults ? { defaults } : {}), ...(override ? { override } : {}), issues };
}

export interface LoadResult {
  config?: FilledLimaYAML;
  raw: LimaYAML;
  parsed?: ParsedYaml;
  issues: ConfigIssue[];
}

/**
 * Loads a lima.yaml, in the config worker when it is big (config-guard.ts): the result then
 * has no `parsed` document, which cannot leave the worker.
 */
export async function loadLimaYaml(opts: LoadOptions): Promise<LoadResult> {
  const issues: ConfigIssue[] = [];
  const text = opts.text ?? (await readText(opts.file, issues, true));
  if (text === undefined) return { raw: {}, issues };
  const bytes = Buffer.byteLength(text);
  const worker = workerFor(bytes, opts.worker);
  if (!worker) return loadLimaYamlHere({ ...opts, text });
  // Functions and pre-read layers cannot cross into the worker; it reads and parses on its own.
  const { layers: _layers, worker: _worker, parse: _parse, ...plain } = opts;
  try {
    return await runInConfigWorker({ kind: 'load', opts: { ...plain, text } }, worker);
  } catch (err) {
    return { raw: {}, issues: [workerFailureIssue(err, opts.file, bytes)] };
  }
}

/** Loads a lima.yaml in this thread, whatever its size. */
export async function loadLimaYamlHere(opts: LoadOptions): Promise<LoadResult> {
  const issues: ConfigIssue[] = [];
  const text = opts.text ?? (await readText(opts.file, issues, true));
  if (text === undefined) return { raw: {}, issues };

  const parsed = (opts.parse ?? parseLimaYaml)(text, opts.file);
  issues.push(...parsed.issues);
  const { defaults, override, issues: layerIssues } = opts.layers ?? (await readConfigLayers(opts.limaHome));
  issues.push(...layerIssues);
  // Before defaults: they expand `{{.Param.X}}`, which would hide the uses.
  issues.push(...validateParamIsUsed(parsed.value, { file: opts.file, positionOf: parsed.positionOf }));
  if (hasErrors(issues)) return { raw: parsed.value, parsed, issues };

  const host = opts.host ?? detectHost();
  let config: FilledLimaYAML;
  try {
    const filled = fillDefaults(parsed.value, {
      ...(defaults ? { defaults: defaults.parsed.value } : {}),
      ...(override ? { override: override.parsed.value } : {}),
      host,
      ...(opts.instanceDir ? { instanceDir: opts.instanceDir, instanceName: path.basename(opts.instanceDir) } : {}),
      ...(opts.newInstance ? {} : opts.existingLimaVersion !== undefined ? { existingLimaVersion: opts.existingLimaVersion } : await existingLimaVersion(opts.instanceDir)),
    });
    config = filled.config;
    for (const message of filled.warnings) issues.push({ severity: 'warning', field: '', message, file: opts.file });
  } catch (err) {
    issues.push({ severity: 'error', field: '', message: `cannot fill defaults: ${(err as Error).message}`, file: opts.file });
    return { raw: parsed.value, parsed, issues };
  }

  issues.push(
    ...validateLimaYaml(config, {
      file: opts.file,
      positionOf: layeredPositionOf({ file: opts.file, parsed }, defaults, override),
      hostOS: host.os,
      limaVersion: opts.limaVersion ?? LIMA_VERSION_COMPAT,
      warn: opts.warn ?? true,
      homeDir: host.homeDir,
      ...(opts.instanceDir ? { instanceDir: opts.instanceDir } : {}),
    }),
  );
  const positionOf = layeredPositionOf({ file: opts.file, parsed }, defaults, override);
  const shown = inLineOrder(oneErrorPerProblem(issues, (field) => positionOf(parseFieldPath(field)) !== undefined), opts.file);
  return hasErrors(shown) ? { raw: parsed.value, parsed, issues: shown } : { config, raw: parsed.value, parsed, issues: shown };
}

function hasErrors(issues: readonly ConfigIssue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}

async function readText(file: string, issues: ConfigIssue[], required: boolean): Promise<string | undefined> {
  try {
    const size = (await stat(file)).size;
    if (size > TEMPLATE_SIZE_LIMIT) {
      issues.push({ severity: 'error', field: '', message: `is ${size} bytes; the limit for a lima.yaml is ${TEMPLATE_SIZE_LIMIT} bytes (4 MiB)`, file });
      return undefined;
    }
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      if (required) issues.push({ severity: 'error', field: '', message: `file "${file}" does not exist`, file });
    } else {
      issues.push({ severity: 'error', field: '', message: `cannot read "${file}": ${(err as Error).message}`, file });
    }
    return undefined;
  }
}

/** default.yaml / override.yaml: optional; their issues name their own file. */
async function readLayer(file: string, issues: ConfigIssue[]): Promise<Layer | undefined> {
  const text = await readText(file, issues, false);
  if (text === undefined) return undefined;
  const parsed = parseLimaYaml(text, file);
  issues.push(...parsed.issues);
  return { file, parsed };
}

/**
 * The `lima-version` of an existing instance, which changes some defaults (user home, mount
 * type): the file's content, '' for a directory made before the file existed, and nothing
 * for an instance being created.
 */
async function existingLimaVersion(instanceDir: string | undefined): Promise<{ existingLimaVersion?: string }> {
  if (!instanceDir) return {};
  try {
    return { existingLimaVersion: (await readFile(path.join(instanceDir, LimaVersion), 'utf8')).trim() };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') return {};
    const dirExists = await stat(instanceDir).then((s) => s.isDirectory(), () => false);
    return dirExists ? { existingLimaVersion: '' } : {};
  }
}
