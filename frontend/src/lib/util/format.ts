import type { Kind } from '../api';

const KIND_LABELS: Record<Kind, string> = {
  article: 'Article',
  'how-to': 'How-to',
  guide: 'Guide',
  rule: 'Rule',
  snippet: 'Snippet',
  video: 'Video',
  audio: 'Audio',
  'e-book': 'E-book',
};

export function kindLabel(kind: string): string {
  return KIND_LABELS[kind as Kind] ?? kind;
}

/** "12 Mar 2025" for an RFC 3339 time; "" when it does not parse. */
export function formatDate(rfc3339: string): string {
  const d = new Date(rfc3339);
  if (!rfc3339 || Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1900) return '';
  return d.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The last part of a path, for lists of imported files. */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]+/).filter(Boolean);
  return parts.at(-1) ?? path;
}

const LANGUAGE_NAMES: Record<string, string> = {};

/** "English" for "en", falling back to the tag itself. */
export function languageName(tag: string): string {
  if (LANGUAGE_NAMES[tag]) return LANGUAGE_NAMES[tag];
  let name = tag;
  try {
    name = new Intl.DisplayNames(undefined, { type: 'language' }).of(tag) ?? tag;
  } catch {
    // an unknown tag: show it as it is
  }
  LANGUAGE_NAMES[tag] = name;
  return name;
}

/** Whether a key event was typed into a text field, where shortcuts must not fire. */
export function isTyping(e: Event): boolean {
  const t = e.target as HTMLElement | null;
  if (!t || !(t instanceof HTMLElement)) return false;
  return t.isContentEditable || t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT';
}
