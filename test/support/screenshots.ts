import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pixelmatch from 'pixelmatch';
import type { Locator, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { ARTIFACTS, ROOT } from './e2e-kit';

// Screenshots compared with committed baselines. A screen is shot once it has stopped changing
// (two equal captures in a row), then compared pixel by pixel with pixelmatch: a pixel counts as
// different beyond pixelmatch's colour threshold, and a shot fails when more than MAX_DIFF_RATIO
// of its pixels differ. Font antialiasing noise moves a few hundred pixels at most; a moved
// border, a changed padding or a different colour moves thousands.
// UPDATE_SCREENSHOTS=1 writes the baselines that are missing or no longer match instead.

export const BASELINES = path.join(ROOT, 'test', 'e2e', 'screenshots', 'baselines');
const FAILURES = path.join(ARTIFACTS, 'screenshots');
/** pixelmatch's per-pixel colour distance (0–1) below which two pixels count as equal. */
export const PIXEL_THRESHOLD = 0.1;
/** The share of pixels that may differ: 0.1 %, about 700 pixels at 1024×700. */
export const MAX_DIFF_RATIO = 0.001;
export const UPDATING = process.env.UPDATE_SCREENSHOTS === '1';

export interface ShotOptions {
  /** Regions whose content changes from run to run (times, versions), painted over. */
  mask?: Locator[];
}

/** A capture of the viewport once two in a row are equal, so a late paint is not caught half-way; `name` names the captures kept when it never settles. */
export async function stableScreenshot(page: Page, name: string, options: ShotOptions = {}): Promise<Buffer> {
  const capture = () => page.screenshot({ animations: 'disabled', caret: 'hide', mask: options.mask ?? [], maskColor: '#ff00ff', scale: 'css' });
  const first = await capture();
  let previous = first;
  for (let attempt = 0; attempt < 20; attempt++) {
    const next = await capture();
    if (next.equals(previous)) return next;
    previous = next;
  }
  const last = saveFailure(name, 'actual', previous);
  const diff = new PNG({ width: PNG.sync.read(previous).width, height: PNG.sync.read(previous).height });
  const before = PNG.sync.read(first);
  const after = PNG.sync.read(previous);
  if (before.width === after.width && before.height === after.height) pixelmatch(before.data, after.data, diff.data, after.width, after.height, { threshold: PIXEL_THRESHOLD });
  const diffFile = saveFailure(name, 'diff', PNG.sync.write(diff));
  throw new Error(`${name}: the page kept changing over 20 captures; mask what moves. Last capture: ${last}, what changed since the first: ${diffFile}`);
}

export interface Comparison {
  name: string;
  /** Why it failed, naming the files to look at; absent when it matched. */
  failure?: string;
  /** Share of pixels that differ. */
  ratio: number;
}

/** Compares `actual` with the baseline `name`.png; in update mode writes the baseline where it differs. */
export function compareWithBaseline(name: string, actual: Buffer): Comparison {
  const baselineFile = path.join(BASELINES, `${name}.png`);
  const write = (): Comparison => {
    mkdirSync(BASELINES, { recursive: true });
    writeFileSync(baselineFile, actual);
    return { name, ratio: 0 };
  };
  if (!existsSync(baselineFile)) {
    if (UPDATING) return write();
    const actualFile = saveFailure(name, 'actual', actual);
    return { name, ratio: 1, failure: `${name}: no baseline at ${path.relative(ROOT, baselineFile)}; this run's shot is ${actualFile} (UPDATE_SCREENSHOTS=1 writes it)` };
  }
  const expected = PNG.sync.read(readFileSync(baselineFile));
  const got = PNG.sync.read(actual);
  if (expected.width !== got.width || expected.height !== got.height) {
    if (UPDATING) return write();
    const actualFile = saveFailure(name, 'actual', actual);
    return { name, ratio: 1, failure: `${name}: ${got.width}×${got.height}, the baseline is ${expected.width}×${expected.height}; actual: ${actualFile}` };
  }
  const diff = new PNG({ width: got.width, height: got.height });
  const differing = pixelmatch(expected.data, got.data, diff.data, got.width, got.height, { threshold: PIXEL_THRESHOLD });
  const ratio = differing / (got.width * got.height);
  if (ratio <= MAX_DIFF_RATIO) return { name, ratio };
  if (UPDATING) return write();
  const actualFile = saveFailure(name, 'actual', actual);
  const diffFile = saveFailure(name, 'diff', PNG.sync.write(diff));
  return {
    name,
    ratio,
    failure: `${name}: ${differing} pixels differ (${(ratio * 100).toFixed(2)} %, at most ${(MAX_DIFF_RATIO * 100).toFixed(2)} % allowed); actual: ${actualFile}, difference: ${diffFile}`,
  };
}

function saveFailure(name: string, kind: 'actual' | 'diff', png: Buffer): string {
  mkdirSync(FAILURES, { recursive: true });
  const file = path.join(FAILURES, `${name}.${kind}.png`);
  writeFileSync(file, png);
  return path.relative(ROOT, file);
}
