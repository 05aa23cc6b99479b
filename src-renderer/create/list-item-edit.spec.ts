import { describe, expect, it } from 'vitest';
import { applyCreateFormChange } from './list-item-edit';

const TEXT = `# my mounts
mounts:
- location: /src # code
  writable: true
portForwards:
- guestPort: 80
cpus: 2 # two is plenty
`;

describe('create form edits inside list items', () => {
  it('keeps a mount whose location is being retyped, and its comments', () => {
    const out = applyCreateFormChange(TEXT, ['mounts', 0, 'location'], '');
    expect(out).toContain('- location: ""');
    expect(out).toContain('writable: true');
    expect(out).toContain('# my mounts');
  });

  it('keeps a port forward whose only port is cleared', () => {
    const out = applyCreateFormChange(TEXT, ['portForwards', 0, 'guestPort'], undefined);
    expect(out).toMatch(/portForwards:\n\s*- \{\}/);
  });

  it('leaves other edits to the document model, comments intact', () => {
    const out = applyCreateFormChange(TEXT, ['cpus'], 4);
    expect(out).toContain('cpus: 4 # two is plenty');
    expect(applyCreateFormChange(TEXT, ['cpus'], undefined)).not.toContain('cpus');
  });
});
