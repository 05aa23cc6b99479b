import { describe, expect, it } from 'vitest';
import { applyFormChange, appendItem } from './document-model';
import { sourceIndentsSequences } from './serialize';

const LIMA_STYLE = `# from a template
images:
- location: "https://example.com/a.img"
  arch: "x86_64"
mounts:
- location: "~" # home
cpus: 2
`;

describe('keeping the source style of lists', () => {
  it('tells the two styles apart and says nothing when there is no list', () => {
    expect(sourceIndentsSequences(LIMA_STYLE)).toBe(false);
    expect(sourceIndentsSequences('mounts:\n  - location: "~"\n')).toBe(true);
    expect(sourceIndentsSequences('cpus: 2\n')).toBeUndefined();
  });

  it('changes only the edited line of a file whose lists sit under their keys unindented', () => {
    expect(applyFormChange(LIMA_STYLE, ['cpus'], 4)).toBe(LIMA_STYLE.replace('cpus: 2', 'cpus: 4'));
  });

  it('adds list items in the same style', () => {
    expect(appendItem(LIMA_STYLE, ['mounts'], { location: '/srv' })).toBe(LIMA_STYLE.replace('- location: "~" # home\n', '- location: "~" # home\n- location: /srv\n'));
    expect(appendItem('mounts:\n  - location: "~"\n', ['mounts'], { location: '/srv' })).toBe('mounts:\n  - location: "~"\n  - location: /srv\n');
  });
});
