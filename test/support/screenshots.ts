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

/** How long a screen may take to settle before the shot fails; captures are taken back to back until then. */
const SETTLE_MS = 15_000;

/**
 * A capture of the viewport once two in a row match, so a late paint is not caught half-way.
 * "Match" is pixelmatch's measure with the comparison's own colour threshold, not byte
 * equality: on a loaded machine Chromium's software raster can draw the same glyphs a shade
 * apart from one frame to the next, which the baseline comparison ignores anyway. `name` names
 * the captures kept when it never settles, and the error says where the page moved and what is there.
 */
export async function stableScreenshot(page: Page, name: string, options: ShotOptions = {}): Promise<Buffer> {
  const capture = () => page.screenshot({ animations: 'disabled', caret: 'hide', mask: options.mask ?? [], maskColor: '#ff00ff', scale: 'css' });
  const first = await capture();
  const deadline = Date.now() + SETTLE_MS;
  let previous = first;
  let change: Change | undefined;
  for (let attempt = 0; attempt < 20 || Date.now() < deadline; attempt++) {
    const next = await capture();
    if (next.equals(previous)) return next;
    change = changeBetween(previous, next);
    if (change.pixels === 0) return next;
    previous = next;
  }
  const last = saveFailure(name, 'actual', previous);
  const before = PNG.sync.read(first);
  const after = PNG.sync.read(previous);
  const diff = new PNG({ width: after.width, height: after.height });
  if (before.width === after.width && before.height === after.height) pixelmatch(before.data, after.data, diff.data, after.width, after.height, { threshold: PIXEL_THRESHOLD });
  const diffFile = saveFailure(name, 'diff', PNG.sync.write(diff));
  const where = change?.box ? `${change.pixels} pixels in x ${change.box.x}–${change.box.x + change.box.width}, y ${change.box.y}–${change.box.y + change.box.height}, over ${await elementsAt(page, change.box)}` : 'the size of the page';
  throw new Error(`${name}: the page kept changing for ${SETTLE_MS / 1000} s; mask what moves. The last change: ${where}. Last capture: ${last}, what changed since the first: ${diffFile}`);
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface Change {
  /** Pixels beyond the colour threshold; Infinity when the sizes differ. */
  pixels: number;
  /** The rectangle around them. */
  box?: Box;
}

function changeBetween(a: Buffer, b: Buffer): Change {
  const before = PNG.sync.read(a);
  const after = PNG.sync.read(b);
  if (before.width !== after.width || before.height !== after.height) return { pixels: Infinity };
  const diff = new PNG({ width: after.width, height: after.height });
  const pixels = pixelmatch(before.data, after.data, diff.data, after.width, after.height, { threshold: PIXEL_THRESHOLD, diffMask: true });
  if (pixels === 0) return { pixels };
  let left = after.width;
  let top = after.height;
  let right = -1;
  let bottom = -1;
  for (let y = 0; y < after.height; y++) {
    for (let x = 0; x < after.width; x++) {
      // With diffMask, only differing pixels are drawn (opaque); the rest stay transparent.
      if (diff.data[(y * after.width + x) * 4 + 3] === 0) continue;
      left = Math.min(left, x);
      right = Math.max(right, x);
      top = Math.min(top, y);
      bottom = Math.max(bottom, y);
    }
  }
  return { pixels, box: { x: left, y: top, width: right - left + 1, height: bottom - top + 1 } };
}

/** The elements under the middle of `box`, innermost first, as tag.class "text". */
function elementsAt(page: Page, box: Box): Promise<string> {
  return page
    .evaluate(
      ({ x, y }) => {
        interface ElementLike {
          tagName: string;
          className: unknown;
          textContent: string | null;
        }
        const doc = (globalThis as unknown as { document: { elementsFromPoint(x: number, y: number): ElementLike[] } }).document;
        return doc
          .elementsFromPoint(x, y)
          .slice(0, 4)
          .map((e) => `${e.tagName.toLowerCase()}${typeof e.className === 'string' && e.className ? `.${e.className.trim().split(/\s+/).join('.')}` : ''} "${(e.textContent ?? '').trim().slice(0, 40)}"`)
          .join(' < ');
      },
      { x: box.x + box.width / 2, y: box.y + box.height / 2 },
    )
    .catch((err: unknown) => `(could not ask the page: ${String(err)})`);
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
