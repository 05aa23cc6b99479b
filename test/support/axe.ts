import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

// axe-core run inside the page as it is: the rules of WCAG 2.x A and AA (contrast, names,
// roles, labels) and axe's best practices, over the whole document, overlays included.

const require = createRequire(import.meta.url);
const AXE_SCRIPT = require.resolve('axe-core/axe.min.js');

export interface AxeFinding {
  rule: string;
  impact: string;
  help: string;
  /** The offending elements, as CSS selectors, with axe's summary of what is wrong. */
  nodes: string[];
}

/** The serious and critical violations on the page now. */
export async function axeViolations(page: Page): Promise<AxeFinding[]> {
  // Evaluated rather than added as a script tag: the page's CSP admits no inline script.
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(readFileSync(AXE_SCRIPT, 'utf8'));
  // A string, so the test's tsconfig needs no DOM library; it runs in the page.
  const findings = (await page.evaluate(`
    window.axe.run(document, { resultTypes: ['violations'] }).then((result) =>
      result.violations.map((v) => ({
        rule: v.id,
        impact: v.impact || 'unknown',
        help: v.help,
        nodes: v.nodes.map((n) => n.target.join(' ') + ': ' + (n.failureSummary || '').replace(/\\s+/g, ' ').slice(0, 300)),
      })),
    )
  `)) as AxeFinding[];
  return findings.filter((f) => f.impact === 'serious' || f.impact === 'critical');
}

/** One line per finding and element, for a failure message. */
export function describeFindings(screen: string, findings: AxeFinding[]): string[] {
  return findings.flatMap((f) => f.nodes.map((node) => `${screen}: [${f.impact}] ${f.rule} (${f.help}) at ${node}`));
}
