import type { Page } from 'playwright-core';

// Waits the dashboard's tests share. Functions rather than strings: the page's CSP forbids eval.

interface PageDocument {
  documentElement: { getAttribute(name: string): string | null };
  querySelectorAll(selector: string): Iterable<{ getAttribute(name: string): string | null }>;
  getAnimations(): Array<{ finish(): void }>;
}

/**
 * Switches the system colour scheme and waits until the page has followed it (the media query
 * answers so, every colour transition finished), so what is measured or shot next is wholly
 * that theme. The page's theme is System: it follows in CSS.
 */
export async function useColorScheme(page: Page, scheme: 'light' | 'dark'): Promise<void> {
  await page.emulateMedia({ colorScheme: scheme });
  await page.waitForFunction((s) => (globalThis as unknown as { matchMedia(q: string): { matches: boolean } }).matchMedia('(prefers-color-scheme: dark)').matches === (s === 'dark'), scheme);
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const frame = (globalThis as unknown as { requestAnimationFrame(cb: () => void): void }).requestAnimationFrame;
        frame(() => {
          (globalThis as unknown as { document: PageDocument }).document.getAnimations().forEach((a) => a.finish());
          frame(() => resolve());
        });
      }),
  );
}

/**
 * The host warnings (on the list and Create) come a moment after their screen: resolves once
 * every place that shows them has its answer.
 */
export function hostChecksAnswered(page: Page): Promise<unknown> {
  return page.waitForFunction(
    () => {
      const doc = (globalThis as unknown as { document: PageDocument }).document;
      return [...doc.querySelectorAll('[data-host-checks]')].every((e) => ['done', 'error'].includes(e.getAttribute('data-host-checks') ?? ''));
    },
    undefined,
    { timeout: 30_000 },
  );
}

/** Takes the focus off whatever has it (a focused editor draws a blinking cursor of its own). */
export function blurFocus(page: Page): Promise<void> {
  return page.evaluate(() => {
    const active = (globalThis as unknown as { document: { activeElement: { blur?: () => void } | null } }).document.activeElement;
    active?.blur?.();
  });
}
