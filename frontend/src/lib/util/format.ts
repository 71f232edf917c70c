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
  lesson: 'Lesson',
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

/** "45 s", "12 min", "1 h 5 min" for a span of time in milliseconds. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
}

const RELATIVE_UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** "in 3 days", "2 hours ago", "now" for an RFC 3339 time; "" when it does not parse. */
export function relativeTime(rfc3339: string, now: number = Date.now()): string {
  const t = new Date(rfc3339).getTime();
  if (!rfc3339 || Number.isNaN(t)) return '';
  const diff = t - now;
  const fmt = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  for (const [unit, ms] of RELATIVE_UNITS) {
    if (Math.abs(diff) >= ms) return fmt.format(Math.round(diff / ms), unit);
  }
  return 'now';
}

/** "90%" for 0.9. */
export function percent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}
