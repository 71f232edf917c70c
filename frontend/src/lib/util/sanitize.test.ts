import { describe, expect, it } from 'vitest';
import { sanitizeSnippet } from './sanitize';

describe('sanitizeSnippet', () => {
  it('keeps <mark> and </mark>', () => {
    expect(sanitizeSnippet('use <mark>tar</mark> to pack')).toBe('use <mark>tar</mark> to pack');
  });

  it('escapes <script> and every other tag', () => {
    const out = sanitizeSnippet('<script>alert(1)</script><img src=x onerror=alert(1)><b>x</b>');
    expect(out).not.toMatch(/<(?!\/?mark>)/);
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('does not restore marks that carry attributes', () => {
    expect(sanitizeSnippet('<mark onclick="x()">a</mark>')).toBe('&lt;mark onclick=&quot;x()&quot;&gt;a</mark>');
  });

  it('keeps entities the backend already escaped and escapes stray ampersands', () => {
    expect(sanitizeSnippet('a &amp; b &lt;c&gt; &#39;d&#39; & e')).toBe('a &amp; b &lt;c&gt; &#39;d&#39; &amp; e');
  });

  it('yields only text and mark elements when parsed', () => {
    const div = document.createElement('div');
    div.innerHTML = sanitizeSnippet('x <mark>y</mark> <script>z</script> <a href="javascript:1">w</a>');
    const tags = [...div.querySelectorAll('*')].map((e) => e.tagName);
    expect(tags).toEqual(['MARK']);
    expect(div.textContent).toBe('x y <script>z</script> <a href="javascript:1">w</a>');
  });
});
