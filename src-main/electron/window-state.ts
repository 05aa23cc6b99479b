import type { BrowserWindow, Rectangle } from 'electron';
import { screen } from 'electron';
import path from 'node:path';
import { readJsonFile, writeJsonFile } from './json-file';

interface SavedState {
  bounds: Rectangle;
  maximized: boolean;
}

const DEFAULT_SIZE = { width: 1200, height: 800 };

function isSaved(value: unknown): value is SavedState {
  if (typeof value !== 'object' || value === null) return false;
  const b = (value as { bounds?: Record<string, unknown> }).bounds;
  return !!b && ['x', 'y', 'width', 'height'].every((k) => Number.isFinite(b[k]));
}

/** Whether enough of the window would be on some display (a monitor may have been unplugged). */
function visibleSomewhere(bounds: Rectangle): boolean {
  return screen.getAllDisplays().some(({ workArea: a }) => {
    const w = Math.min(bounds.x + bounds.width, a.x + a.width) - Math.max(bounds.x, a.x);
    const h = Math.min(bounds.y + bounds.height, a.y + a.height) - Math.max(bounds.y, a.y);
    return w >= 100 && h >= 50;
  });
}

/** The main window's size and place as it was last closed. */
export class WindowState {
  private readonly file: string;

  constructor(userDataDir: string) {
    this.file = path.join(userDataDir, 'window-state.json');
  }

  initial(): { bounds: Partial<Rectangle> & { width: number; height: number }; maximized: boolean } {
    const saved = readJsonFile(this.file);
    if (isSaved(saved) && visibleSomewhere(saved.bounds)) return { bounds: saved.bounds, maximized: Boolean(saved.maximized) };
    return { bounds: DEFAULT_SIZE, maximized: false };
  }

  track(win: BrowserWindow): void {
    win.on('close', () => {
      const state: SavedState = { bounds: win.getNormalBounds(), maximized: win.isMaximized() };
      writeJsonFile(this.file, state);
    });
  }
}
