// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { mostUsedTemplates, recordTemplateUse } from './template-usage';

beforeEach(() => window.localStorage.clear());

describe('most used templates', () => {
  const available = ['alpine', 'archlinux', 'debian', 'default', 'docker', 'fedora', 'ubuntu'];

  it('starts from the popular ones', () => {
    expect(mostUsedTemplates(available, 3)).toEqual(['default', 'ubuntu', 'debian']);
  });

  it('puts what this user creates from first', () => {
    recordTemplateUse('alpine');
    recordTemplateUse('alpine');
    recordTemplateUse('fedora');
    expect(mostUsedTemplates(available, 3)).toEqual(['alpine', 'fedora', 'default']);
  });

  it('ignores damaged counts', () => {
    window.localStorage.setItem('limadesk.ui.templateUse', '{"alpine":"lots"');
    expect(mostUsedTemplates(available, 2)).toEqual(['default', 'ubuntu']);
  });
});
