// The filter syntax of the search box: field:value words inside the query
// text (kind:rule, topic:safety, tag:ppe, lang:de, course:onboarding); a
// value with spaces is quoted (topic:"Command line"). The Go engine parses
// the same text; the frontend only edits it (chips remove, facets add) and
// the fake api parses it to behave like the engine.
import { SEARCH_FIELDS, type SearchField, type SearchFilter } from '../api/types';

const TOKEN = /(?:[^\s"]+|"[^"]*"?)+/g;
const FILTER = /^([a-z]+):(.*)$/i;

export interface ParsedQuery {
  /** The words that are not filters. */
  words: string[];
  filters: SearchFilter[];
}

interface Token {
  text: string;
  start: number;
  end: number;
  filter?: SearchFilter;
}

const unquote = (v: string) => v.replace(/"/g, '').trim();

function tokens(query: string): Token[] {
  return [...query.matchAll(TOKEN)].map((m) => {
    const t: Token = { text: m[0], start: m.index, end: m.index + m[0].length };
    const f = FILTER.exec(m[0]);
    if (f && (SEARCH_FIELDS as readonly string[]).includes(f[1].toLowerCase())) {
      t.filter = { field: f[1].toLowerCase() as SearchField, value: unquote(f[2]) };
    }
    return t;
  });
}

/** Splits query text into words and field:value filters. A filter with no value yet ("kind:") is dropped. */
export function parseQuery(query: string): ParsedQuery {
  const out: ParsedQuery = { words: [], filters: [] };
  for (const t of tokens(query)) {
    if (t.filter) {
      if (t.filter.value) out.filters.push(t.filter);
    } else {
      const w = unquote(t.text);
      if (w) out.words.push(w);
    }
  }
  return out;
}

/** How a filter is written in the query: field:value, quoted when the value has spaces. */
export function formatFilter(field: string, value: string): string {
  const v = value.replace(/"/g, '');
  return /\s/.test(v) ? `${field}:"${v}"` : `${field}:${v}`;
}

const same = (a: SearchFilter, b: SearchFilter) =>
  a.field.toLowerCase() === b.field.toLowerCase() && a.value.toLowerCase() === b.value.toLowerCase();

/** Whether the query text holds the filter. */
export function hasFilter(query: string, f: SearchFilter): boolean {
  return tokens(query).some((t) => t.filter && same(t.filter, f));
}

/** The query with field:value appended, unless it is there already. */
export function addFilter(query: string, field: string, value: string): string {
  if (hasFilter(query, { field, value })) return query;
  return `${query.trim()} ${formatFilter(field, value)}`.trim();
}

/** The query without every occurrence of the filter; the rest keeps its order. */
export function removeFilter(query: string, f: SearchFilter): string {
  let out = '';
  let at = 0;
  for (const t of tokens(query)) {
    if (t.filter && same(t.filter, f)) {
      out += query.slice(at, t.start);
      at = t.end;
    }
  }
  out += query.slice(at);
  return out.replace(/\s+/g, ' ').trim();
}

/** The Levenshtein distance between a and b, stopping early above max. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, cur[j]);
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[b.length];
}
