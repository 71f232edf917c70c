// Search snippets are HTML from the Go side with <mark> around matches and
// everything else escaped. We render them with {@html}, so we do not trust
// that: escape every character that can open markup, keep existing entity
// references (they decode to text, never to tags), then restore bare
// <mark> and </mark>.

const ENTITY = /^&(?:#[0-9]{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});/i;

/** Returns snippet with only <mark></mark> tags left as markup. */
export function sanitizeSnippet(snippet: string): string {
  let out = '';
  for (let i = 0; i < snippet.length; i++) {
    const c = snippet[i];
    switch (c) {
      case '<':
        out += '&lt;';
        break;
      case '>':
        out += '&gt;';
        break;
      case '"':
        out += '&quot;';
        break;
      case "'":
        out += '&#39;';
        break;
      case '&':
        out += ENTITY.test(snippet.slice(i, i + 40)) ? '&' : '&amp;';
        break;
      default:
        out += c;
    }
  }
  return out.replace(/&lt;(\/?)mark&gt;/gi, '<$1mark>');
}
