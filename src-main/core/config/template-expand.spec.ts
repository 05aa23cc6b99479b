import { describe, expect, it } from 'vitest';
import { expandOrWarn, expandTemplate, TemplateError } from './template-expand';

const data = { Name: 'dev', Hostname: 'lima-dev', UID: 1001, User: 'ada', Home: '/home/ada.guest', Param: { ONE: 'Eins', EMPTY: '', url: 'https://k3s:6443', token: 's3cret' } };

describe('expandTemplate: fields', () => {
  it('replaces fields and params', () => {
    expect(expandTemplate('{{.Home}}/x/{{.Name}}-{{.UID}}', data)).toBe('/home/ada.guest/x/dev-1001');
    expect(expandTemplate('/mnt/{{ .Param.ONE }}', data)).toBe('/mnt/Eins');
  });

  it('leaves text without actions alone', () => {
    expect(expandTemplate('#!/bin/sh\necho {hello} ${X}', data)).toBe('#!/bin/sh\necho {hello} ${X}');
  });

  it('honours trim markers, and only with a space beside the dash', () => {
    expect(expandTemplate('a  {{- .Name -}}  b', data)).toBe('adevb');
    expect(expandTemplate('[{{-3}}]', data)).toBe('[-3]');
  });

  it('renders missing keys as Go does, params included', () => {
    expect(expandTemplate('{{.Nope}}', data)).toBe('<no value>');
    expect(expandTemplate('[{{.Param.NOPE}}]', data)).toBe('[<no value>]');
    expect(expandTemplate('[{{.Nope.Deeper}}]', data)).toBe('[<no value>]');
  });

  it('prints maps and lists like fmt', () => {
    expect(expandTemplate('{{.M}} {{.L}}', { M: { b: 2, a: 'x' }, L: [1, 'two'] })).toBe('map[a:x b:2] [1 two]');
  });
});

describe('expandTemplate: the actions and functions of Lima templates', () => {
  it('runs the k3s provisioning script both ways', () => {
    const script = [
      '#!/bin/sh',
      '{{- if .Param.proxy }}',
      'export PROXY={{.Param.proxy}}',
      '{{- end}}',
      '{{if not ( and .Param.url .Param.token )}}',
      'server',
      '{{else}}',
      'agent K3S_URL={{.Param.url}} K3S_TOKEN={{.Param.token}}',
      '{{end}}',
    ].join('\n');
    expect(expandTemplate(script, data)).toBe('#!/bin/sh\n\nagent K3S_URL=https://k3s:6443 K3S_TOKEN=s3cret\n');
    expect(expandTemplate(script, { Param: { proxy: 'http://p', url: '', token: '' } })).toBe('#!/bin/sh\nexport PROXY=http://p\n\nserver\n');
  });

  it('compares with eq, ne, lt, le, gt, ge', () => {
    expect(expandTemplate('{{if eq .HostOS "linux"}}L{{else}}O{{end}}', { HostOS: 'linux' })).toBe('L');
    expect(expandTemplate('{{eq .Name "x" "dev"}} {{ne .UID 1001}} {{lt 1 2}} {{le 2 2}} {{gt "b" "a"}} {{ge 1 3}}', data)).toBe('true false true true true false');
    // A missing value is not equal to anything, and no error.
    expect(expandTemplate('{{eq .Param.internal "true"}}', data)).toBe('false');
    expect(() => expandTemplate('{{eq 1 "1"}}', data)).toThrow('incompatible types for comparison');
  });

  it('short-circuits and/or and returns the deciding value', () => {
    expect(expandTemplate('{{or .Param.EMPTY "fallback"}} {{and .Name .User}} {{or .Nope 0}}', data)).toBe('fallback ada 0');
    // The second argument would fail if evaluated.
    expect(expandTemplate('{{and .Param.EMPTY (index .Name 99)}}', data)).toBe('');
  });

  it('has else if, with, range over lists, maps and integers, break and continue, and variables', () => {
    expect(expandTemplate('{{if .Nope}}a{{else if .Name}}b{{else}}c{{end}}', data)).toBe('b');
    expect(expandTemplate('{{with .Param.ONE}}<{{.}}>{{else}}none{{end}}{{with .Param.EMPTY}}x{{else}}-{{end}}', data)).toBe('<Eins>-');
    expect(expandTemplate('{{range $i, $e := .L}}{{$i}}={{$e}};{{end}}', { L: ['a', 'b'] })).toBe('0=a;1=b;');
    expect(expandTemplate('{{range $k, $v := .M}}{{$k}}{{$v}}{{end}}', { M: { b: 2, a: 1 } })).toBe('a1b2');
    expect(expandTemplate('{{range 5}}{{if eq . 1}}{{continue}}{{end}}{{if eq . 3}}{{break}}{{end}}{{.}}{{end}}', {})).toBe('02');
    expect(expandTemplate('{{range .Nope}}x{{else}}empty{{end}}', data)).toBe('empty');
    expect(expandTemplate('{{$x := .Name}}{{if true}}{{$x = "changed"}}{{end}}{{$x}} {{$.User}}', data)).toBe('changed ada');
  });

  it('pipes values into functions and formats with printf', () => {
    expect(expandTemplate('{{.Name | printf "%s-%d" "x"}}', data)).toBe('x-%!d(string=dev)');
    expect(expandTemplate('{{printf "%s:%05d %q %v %t" .User .UID .Name .L true}}', { ...data, L: [1] })).toBe('ada:01001 "dev" [1] true');
    expect(expandTemplate('{{len .Name}} {{index .L 1}} {{index .Param "ONE"}} {{slice .Name 1}} {{print 1 2 "x" 3}}', { ...data, L: [1, 2] })).toBe('3 2 Eins ev 1 2x3');
    expect(expandTemplate('{{urlquery "a b&c"}} {{html "<a>"}} {{js "it\'s"}}', data)).toBe("a+b%26c &lt;a&gt; it\\'s");
  });

  it('skips comments and reads strings with braces in them', () => {
    expect(expandTemplate('a {{- /* a comment */ -}} b{{ "}}" }}{{`raw}}`}}', data)).toBe('ab}}raw}}');
  });

  it('names what it cannot run', () => {
    expect(() => expandTemplate('{{if .Name}}x', data)).toThrow('has no {{end}}');
    expect(() => expandTemplate('{{end}}', data)).toThrow('unexpected {{end}}');
    expect(() => expandTemplate('{{nosuch .Name}}', data)).toThrow('function "nosuch" not defined');
    expect(() => expandTemplate('{{.Name.X}}', data)).toThrow("can't evaluate field X in type string");
    expect(() => expandTemplate('{{template "x"}}', data)).toThrow('not supported');
    expect(() => expandTemplate('x {{.Name', data)).toThrow(TemplateError);
    expect(() => expandTemplate('{{break}}', data)).toThrow('outside {{range}}');
  });
});

describe('expandOrWarn', () => {
  it('keeps the text and warns on failure', () => {
    const warnings: string[] = [];
    expect(expandOrWarn('{{range .X}}', data, 'provision[0].script', warnings)).toBe('{{range .X}}');
    expect(warnings).toEqual([expect.stringContaining('could not expand provision[0].script "{{range .X}}" as a template')]);
  });
});
