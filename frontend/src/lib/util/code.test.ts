import { describe, expect, it } from 'vitest';
import { firstCode, markdownCode } from './code';

describe('firstCode', () => {
  it('takes the first <pre> block, without its trailing newline', () => {
    const html =
      '<p>Use <code>tar</code> like this:</p><pre><code class="language-sh">tar cf a.tar a\n</code></pre><pre><code>second\n</code></pre>';
    expect(firstCode(html)).toBe('tar cf a.tar a');
  });

  it('keeps every line of a block and decodes entities', () => {
    expect(firstCode('<pre><code>if a &lt; b &amp;&amp; c {\n  run()\n}\n</code></pre>')).toBe('if a < b && c {\n  run()\n}');
  });

  it('falls back to inline code, then to Markdown code in plain text', () => {
    expect(firstCode('<p>List it with <code>tar tvf x.tar</code> first.</p>')).toBe('tar tvf x.tar');
    expect(firstCode('Run:\n```sh\nls -la\n```\n')).toBe('ls -la');
    expect(firstCode('<p>Run `pwd` to see where you are.</p>')).toBe('pwd');
  });

  it('is empty when there is no code, and never runs what it parses', () => {
    expect(firstCode('')).toBe('');
    expect(firstCode('<p>Just words.</p>')).toBe('');
    (window as unknown as { pwned?: boolean }).pwned = false;
    expect(firstCode('<img src=x onerror="window.pwned=true"><script>window.pwned=true</script><pre>ok</pre>')).toBe('ok');
    expect((window as unknown as { pwned?: boolean }).pwned).toBe(false);
  });
});

describe('markdownCode', () => {
  it('prefers a fenced block to inline code', () => {
    expect(markdownCode('First `a`, then:\n~~~\nb\n~~~')).toBe('b');
    expect(markdownCode('no code')).toBe('');
  });
});
