// The code of an item, for quick search's Ctrl+Enter: the first code block,
// as the Copy button of the reader would copy it.

/** Without the trailing newline: a pasted command would run at once in a terminal. */
const tidy = (s: string) => s.replace(/^\n+/, '').replace(/\n+$/, '');

/** The first ``` (or ~~~) fenced block of Markdown text, else its first `inline` code; "" when there is none. */
export function markdownCode(text: string): string {
  const fence = /^[ \t]*(```|~~~)[^\n]*\n([\s\S]*?)^[ \t]*\1/m.exec(text);
  if (fence) return tidy(fence[2]);
  const inline = /`([^`\n]+)`/.exec(text);
  return inline ? inline[1].trim() : '';
}

/**
 * The text of the first code block of an item's HTML: its first <pre>, else
 * its first <code>; in a body without markup, the first Markdown code.
 * "" when there is none. The HTML is parsed in an inert document (nothing
 * runs or loads) and only its text is read.
 */
export function firstCode(html: string): string {
  if (!html.trim()) return '';
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const pre = doc.querySelector('pre');
  const el = pre ? (pre.querySelector('code') ?? pre) : doc.querySelector('code');
  if (el) return tidy(el.textContent ?? '');
  return markdownCode(doc.body.textContent ?? '');
}
