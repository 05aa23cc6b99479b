import { describe, expect, it } from 'vitest';
import { goFieldsOf, renderMessage } from './message-template';

describe('renderMessage', () => {
  const fields = { Name: 'default', SSHLocalPort: 60022, Dir: '/h/.lima/default', HostOS: 'linux', Param: { url: 'https://x' } };

  it('substitutes {{.Field}} with or without spaces', () => {
    expect(renderMessage('ssh -p {{.SSHLocalPort}} in {{ .Dir }} for {{.Name}}', fields)).toBe('ssh -p 60022 in /h/.lima/default for default');
  });

  it('runs Go template actions as Lima\'s templates use them', () => {
    expect(renderMessage('plain\n', fields)).toBe('plain\n');
    expect(renderMessage('podman{{if eq .HostOS "linux"}} --remote{{end}} run', fields)).toBe('podman --remote run');
    expect(renderMessage('{{- if not ( and .Param.url .Param.token ) -}}\nset url and token{{end}}', fields)).toBe('set url and token');
    const config = goFieldsOf({ vmType: 'qemu', user: { name: 'u' }, vmOpts: { vz: { rosetta: { enabled: true } } } });
    expect(renderMessage('{{.Instance.Config.VMType}} {{.Instance.Config.User.Name}}{{if .Instance.Config.VMOpts.vz.rosetta.enabled}} rosetta{{end}}', { Instance: { Config: config } })).toBe('qemu u rosetta');
  });

  it('rejects an unclosed action', () => {
    expect(() => renderMessage('oops {{.Name', fields)).toThrow();
  });
});
