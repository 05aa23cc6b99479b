import { describe, expect, it } from 'vitest';
import { renderMessage } from './message-template';

describe('renderMessage', () => {
  const fields = { Name: 'default', SSHLocalPort: 60022, Dir: '/h/.lima/default' };

  it('substitutes {{.Field}} with or without spaces', () => {
    expect(renderMessage('ssh -p {{.SSHLocalPort}} in {{ .Dir }} for {{.Name}}', fields)).toBe('ssh -p 60022 in /h/.lima/default for default');
  });

  it('keeps text without actions and actions it does not know verbatim', () => {
    expect(renderMessage('plain\n', fields)).toBe('plain\n');
    expect(renderMessage('{{if .X}}y{{end}} {{.Unknown}}', fields)).toBe('{{if .X}}y{{end}} {{.Unknown}}');
  });

  it('rejects an unclosed action', () => {
    expect(() => renderMessage('oops {{.Name', fields)).toThrow('unclosed action');
  });
});
