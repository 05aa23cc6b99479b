import { describe, expect, it } from 'vitest';
import { expandOrWarn, expandTemplate, TemplateError } from './template-expand';

const data = { Name: 'dev', UID: 1001, Home: '/home/me', Param: { ONE: 'Eins' } };

describe('expandTemplate', () => {
  it('replaces fields and params', () => {
    expect(expandTemplate('{{.Home}}/x/{{.Name}}-{{.UID}}', data)).toBe('/home/me/x/dev-1001');
    expect(expandTemplate('/mnt/{{ .Param.ONE }}', data)).toBe('/mnt/Eins');
  });

  it('leaves text without actions alone', () => {
    expect(expandTemplate('#!/bin/sh\necho {hello}', data)).toBe('#!/bin/sh\necho {hello}');
  });

  it('honours trim markers', () => {
    expect(expandTemplate('a  {{- .Name -}}  b', data)).toBe('adevb');
  });

  it('renders missing keys as Go does', () => {
    expect(expandTemplate('{{.Nope}}', data)).toBe('<no value>');
    expect(expandTemplate('[{{.Param.NOPE}}]', data)).toBe('[]');
  });

  it('rejects what it cannot run', () => {
    expect(() => expandTemplate('{{if .Name}}x{{end}}', data)).toThrow(TemplateError);
    expect(() => expandTemplate('{{.Name | printf "%s"}}', data)).toThrow('unsupported template action');
    expect(() => expandTemplate('{{.Param}}', data)).toThrow('names a map');
    expect(() => expandTemplate('{{.Name.X}}', data)).toThrow('has no fields');
    expect(() => expandTemplate('x {{.Name', data)).toThrow('unclosed action');
  });
});

describe('expandOrWarn', () => {
  it('keeps the text and warns on failure', () => {
    const warnings: string[] = [];
    expect(expandOrWarn('{{range .X}}', data, 'provision[0].script', warnings)).toBe('{{range .X}}');
    expect(warnings).toEqual([
      expect.stringContaining('could not expand provision[0].script "{{range .X}}" as a template'),
    ]);
  });
});
