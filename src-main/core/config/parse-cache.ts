import { parseLimaYaml, type ParsedYaml } from './parse';

/** What the cache may hold at most: entries, and characters of text across them. */
const MAX_ENTRIES = 1024;
const MAX_TEXT = 16 * 1024 * 1024;

const entries = new Map<string, ParsedYaml>();
let textHeld = 0;

/**
 * parseLimaYaml, remembered by file and exact text: a long-lived process (the app, `limadesk
 * serve`) lists the same unchanged lima.yaml files again and again, and parsing them with
 * positions is most of a listing's work. Parsing depends on nothing but the text and the file
 * name, so a hit can never be stale; fills and validation (which read the host and its files)
 * still run every time. The oldest entries go first once the cache is full.
 */
export function parseLimaYamlCached(text: string, file: string): ParsedYaml {
  const key = `${file}\0${text}`;
  const hit = entries.get(key);
  if (hit) {
    // Map order is insertion order: re-inserting marks the entry as recently used.
    entries.delete(key);
    entries.set(key, hit);
    return hit;
  }
  const parsed = parseLimaYaml(text, file);
  entries.set(key, parsed);
  textHeld += key.length;
  while (entries.size > MAX_ENTRIES || textHeld > MAX_TEXT) {
    const oldest = entries.keys().next().value as string;
    entries.delete(oldest);
    textHeld -= oldest.length;
  }
  return parsed;
}
