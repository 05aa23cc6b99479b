/**
 * What the Create screen shows about each template: its one-line description (the first
 * comment line), the guest OS and distribution (from `os:` or the images, bases included),
 * and the `message` shown after start.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { listTemplates, resolveTemplate } from './templates';
import type { TemplateSearchOptions } from './template-store';
import type { OSType } from './types';

export interface TemplateDescription {
  /** What to write after `template:`. */
  name: string;
  file: string;
  /** The template's first comment line; '' when it has none. */
  description: string;
  /** Lima's guest OS; undefined when the template (or a base) cannot be read. */
  os?: OSType;
  /** The distribution and release, e.g. "Ubuntu 24.04", when the images say so. */
  distro?: string;
  /** The `message` shown after start, as written (a Go template). */
  message?: string;
  /** Why OS and message are missing: the template or one of its bases cannot be read. */
  error?: string;
}

/** The first comment line that says something, skipping `#!`, rulers and blank comments. */
export function firstCommentLine(text: string): string {
  for (const line of text.split('\n', 40)) {
    if (!line.startsWith('#')) {
      if (line.trim() === '') continue;
      return '';
    }
    if (line.startsWith('#!')) continue;
    const words = line.replace(/^#+\s*/, '').trim();
    if (/[A-Za-z0-9]/.test(words)) return words;
  }
  return '';
}

const DISTROS: ReadonlyArray<[RegExp, (m: RegExpExecArray) => string]> = [
  [/ubuntu-(\d+\.\d+)/i, (m) => `Ubuntu ${m[1]}`],
  [/debian-(\d+)/i, (m) => `Debian ${m[1]}`],
  [/debian-sid|\/sid\//i, () => 'Debian sid'],
  [/Fedora-Cloud-Base-(?:Generic-)?(\d+)/i, (m) => `Fedora ${m[1]}`],
  [/Fedora-Cloud-Base-(?:Generic-)?Rawhide/i, () => 'Fedora Rawhide'],
  [/alpine-(\d+\.\d+)/i, (m) => `Alpine ${m[1]}`],
  [/Arch-Linux|archlinux/i, () => 'Arch Linux'],
  [/AlmaLinux-Kitten-(\d+)/i, (m) => `AlmaLinux Kitten ${m[1]}`],
  [/AlmaLinux-(\d+)/i, (m) => `AlmaLinux ${m[1]}`],
  [/Rocky-(\d+)/i, (m) => `Rocky Linux ${m[1]}`],
  [/CentOS-Stream-GenericCloud-(?:x86_64-|aarch64-)?(\d+)/i, (m) => `CentOS Stream ${m[1]}`],
  [/Leap-(\d+\.\d+)/i, (m) => `openSUSE Leap ${m[1]}`],
  [/Tumbleweed/i, () => 'openSUSE Tumbleweed'],
  [/\/OL(\d+)\/|OL(\d+)U/i, (m) => `Oracle Linux ${m[1] ?? m[2]}`],
  [/FreeBSD-(\d+\.\d+)/i, (m) => `FreeBSD ${m[1]}`],
  [/gentoo/i, () => 'Gentoo'],
  [/UniversalMac_(\d+)/i, (m) => `macOS ${m[1]}`],
  [/Win(\d+)_/i, (m) => `Windows ${m[1]}`],
  [/Windows_Server_(\d+)|server[_-]?(\d{4})/i, (m) => `Windows Server ${m[1] ?? m[2]}`],
];

/** "Ubuntu 24.04" and the like, from the first image that names a distribution. */
export function distroFromImages(locations: readonly string[]): string | undefined {
  for (const location of locations) {
    for (const [pattern, name] of DISTROS) {
      const match = pattern.exec(location);
      if (match) return name(match);
    }
  }
  return undefined;
}

/** The guest OS the image locations suggest; Linux unless one names another. */
export function guessOs(locations: readonly string[]): OSType {
  const all = locations.join(' ');
  if (/FreeBSD/i.test(all)) return 'FreeBSD';
  if (/UniversalMac|\.ipsw\b|macos/i.test(all)) return 'Darwin';
  if (/\bWin\d+_|Windows/i.test(all)) return 'Windows';
  return 'Linux';
}

/** Describe one template file (its bases embedded to find the images and message). */
export async function describeTemplate(name: string, file: string, opts: TemplateSearchOptions): Promise<TemplateDescription> {
  const own = await readFile(file, 'utf8').catch(() => '');
  const description: TemplateDescription = { name, file, description: firstCommentLine(own) };
  let doc: { os?: unknown; images?: Array<{ location?: unknown }>; message?: unknown } | null;
  try {
    const resolved = await resolveTemplate(`template:${name}`, { ...opts, defaultBase: false });
    doc = parse(resolved.text) as typeof doc;
  } catch (err) {
    return { ...description, error: (err as Error).message };
  }
  const locations = (Array.isArray(doc?.images) ? doc.images : []).map((i) => (typeof i?.location === 'string' ? i.location : '')).filter((l) => l !== '');
  const declared = typeof doc?.os === 'string' && doc.os !== 'default' ? (doc.os as OSType) : undefined;
  const distro = distroFromImages(locations);
  return {
    ...description,
    os: declared ?? guessOs(locations),
    ...(distro ? { distro } : {}),
    ...(typeof doc?.message === 'string' && doc.message !== '' ? { message: doc.message } : {}),
  };
}

/** Every template one can create from (building blocks left out), described. */
export async function describeTemplates(opts: TemplateSearchOptions): Promise<TemplateDescription[]> {
  const entries = await listTemplates(opts);
  return Promise.all(entries.map((entry) => describeTemplate(entry.name, entry.file, opts)));
}
