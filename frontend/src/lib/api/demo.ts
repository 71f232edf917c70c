// A small sample library for the `?fake` preview (see main.ts). Never used
// when the app runs inside Wails.
import { FakeApi, makeItem } from './fake';
import { DAY, MINUTE, type FakeReviews } from './fake-review';
import type { CardSource, CardState } from './types';
import { setApi } from './index';
import type { ItemView, PackInfo } from './types';

const tldr = { name: 'tldr-pages', url: 'https://github.com/tldr-pages/tldr', license: 'CC-BY-4.0', author: 'tldr-pages contributors' };
const team = { name: 'Field Service Handbook', url: 'https://example.com/handbook', license: 'Internal', author: 'Learning team' };

const code = (lang: string, text: string) =>
  `<pre><code class="language-${lang}">${text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}\n</code></pre>`;

export function demoItems(): ItemView[] {
  const items: ItemView[] = [
    makeItem({
      id: 'tldr/common/tar',
      title: 'tar',
      summary: 'Archiving utility, often combined with a compression method such as gzip or bzip2.',
      kind: 'snippet',
      topic: 'Command line',
      tags: ['linux', 'archives', 'cli'],
      source: tldr,
      pack: 'tldr-en',
      version: 3,
      updated: '2025-05-14T09:12:00Z',
      keyPoints: ['c creates, x extracts, t lists', 'z means gzip, j means bzip2', 'f must be followed by the archive name'],
      html:
        '<p>Archiving utility, often combined with a compression method. More information: <a href="https://www.gnu.org/software/tar" rel="nofollow noreferrer noopener">gnu.org/software/tar</a>.</p>' +
        '<h2>Create an archive</h2><p>Create an archive and write it to a file:</p>' +
        code('sh', 'tar cf path/to/target.tar path/to/file1 path/to/file2') +
        '<p>Create a gzipped archive of a directory:</p>' +
        code('sh', 'tar czf path/to/target.tar.gz path/to/directory') +
        '<h2>Extract</h2><p>Extract a (compressed) archive into the current directory, <strong>verbosely</strong>:</p>' +
        code('sh', 'tar xvf path/to/source.tar[.gz|.bz2|.xz]') +
        '<p>List the contents of a tar file: <code>tar tvf path/to/source.tar</code></p>' +
        '<table><thead><tr><th>Flag</th><th>Meaning</th></tr></thead><tbody><tr><td><code>c</code></td><td>create</td></tr><tr><td><code>x</code></td><td>extract</td></tr><tr><td><code>z</code></td><td>gzip</td></tr></tbody></table>',
    }),
    makeItem({
      id: 'tldr/common/git-rebase',
      title: 'git rebase',
      summary: 'Reapply commits from one branch on top of another branch.',
      kind: 'snippet',
      topic: 'Git',
      tags: ['git', 'cli'],
      source: tldr,
      pack: 'tldr-en',
      html:
        '<p>Reapply commits from one branch on top of another branch.</p>' +
        code('sh', 'git rebase new_base_branch') +
        '<p>Start an interactive rebase, which allows the commits to be reordered, omitted, combined or modified:</p>' +
        code('sh', 'git rebase -i target_base_branch_or_commit_hash') +
        '<blockquote><p>Never rebase commits that others may have built on.</p></blockquote>',
    }),
    makeItem({
      id: 'tldr/common/ssh',
      title: 'ssh',
      summary: 'Secure Shell is a protocol used to securely log onto remote systems.',
      kind: 'snippet',
      topic: 'Command line',
      tags: ['linux', 'network', 'cli'],
      source: tldr,
      pack: 'tldr-en',
      html: '<p>Connect to a remote server:</p>' + code('sh', 'ssh username@remote_host') + '<p>Connect with a specific identity:</p>' + code('sh', 'ssh -i path/to/key_file username@remote_host'),
    }),
    makeItem({
      id: 'handbook/lockout-tagout',
      title: 'Lockout/tagout before maintenance',
      summary: 'Isolate every energy source and tag it before you open a machine. No exceptions, no shortcuts.',
      kind: 'rule',
      topic: 'Safety',
      tags: ['safety', 'maintenance', 'compliance'],
      source: team,
      pack: 'handbook',
      version: 7,
      updated: '2025-03-02T08:00:00Z',
      keyPoints: [
        'Switch off, isolate, lock, tag, then verify zero energy',
        'Every person working on the machine applies their own lock',
        'Only the person who applied a lock may remove it',
      ],
      html:
        '<p>Before any maintenance, servicing or cleaning inside a guard, every source of hazardous energy must be isolated and locked.</p>' +
        '<h2>The six steps</h2><ol><li>Prepare: identify every energy source (electrical, hydraulic, pneumatic, stored).</li><li>Notify everyone affected.</li><li>Shut the machine down normally.</li><li>Isolate each source at its disconnect.</li><li>Apply <strong>your own</strong> lock and tag.</li><li>Verify zero energy: try to start the machine.</li></ol>' +
        '<p>See the <a href="https://www.osha.gov/control-hazardous-energy">OSHA guidance</a> or email <a href="mailto:safety@example.com">safety@example.com</a>.</p>',
    }),
    makeItem({
      id: 'handbook/pricing-service-call',
      title: 'Pricing a service call',
      summary: 'Call-out fee, hourly rate and parts margin for standard and emergency visits.',
      kind: 'guide',
      topic: 'Sales',
      tags: ['pricing', 'customers'],
      source: team,
      pack: 'handbook',
      html:
        '<p>Quote every visit with the same three parts so customers can compare.</p><table><thead><tr><th>Item</th><th align="right">Standard</th><th align="right">Emergency</th></tr></thead><tbody><tr><td>Call-out</td><td align="right">€85</td><td align="right">€160</td></tr><tr><td>Hourly</td><td align="right">€72</td><td align="right">€110</td></tr><tr><td>Parts margin</td><td align="right">18%</td><td align="right">18%</td></tr></tbody></table>',
    }),
    makeItem({
      id: 'handbook/replace-filter',
      title: 'How to replace the intake filter',
      summary: 'A ten-minute swap of the HX-200 intake filter, with the torque values you need.',
      kind: 'how-to',
      topic: 'Maintenance',
      tags: ['hx-200', 'maintenance'],
      source: team,
      pack: 'handbook',
      keyPoints: ['Lock out the unit first', 'Torque the housing bolts to 12 Nm'],
      html: '<ol><li>Lock out the unit.</li><li>Open the housing (four 8 mm bolts).</li><li>Swap the filter; arrow points to the fan.</li><li>Close and torque to <strong>12 Nm</strong>.</li></ol>',
    }),
    makeItem({
      id: 'handbook/customer-greeting',
      title: 'Arriving at a customer site',
      summary: 'Sign in, introduce yourself, and confirm the job before you unpack tools.',
      kind: 'how-to',
      topic: 'Customers',
      tags: ['customers', 'etiquette'],
      source: team,
      pack: 'handbook',
    }),
    makeItem({
      id: 'handbook/data-protection',
      title: 'Customer data on your phone',
      summary: 'What you may photograph, what you must delete, and when.',
      kind: 'rule',
      topic: 'Compliance',
      tags: ['gdpr', 'compliance', 'customers'],
      source: team,
      pack: 'handbook',
    }),
    makeItem({
      id: 'handbook/intro-video',
      title: 'The HX-200 in five minutes',
      summary: 'A walk around the unit: panels, sensors and the service port.',
      kind: 'video',
      topic: 'Maintenance',
      tags: ['hx-200'],
      source: team,
      pack: 'handbook',
    }),
    makeItem({
      id: 'handbook/leadership-podcast',
      title: 'Leading a crew on site',
      summary: 'Twenty minutes on briefings, handovers and saying no to unsafe work.',
      kind: 'audio',
      topic: 'Leadership',
      tags: ['leadership'],
      source: team,
      pack: 'handbook',
    }),
    makeItem({
      id: 'handbook/field-manual',
      title: 'Field service manual (2025)',
      summary: 'The complete reference manual as an e-book.',
      kind: 'e-book',
      topic: 'Maintenance',
      tags: ['reference'],
      source: team,
      pack: 'handbook',
    }),
    makeItem({
      id: 'articles/spaced-repetition',
      title: 'Why spaced repetition works',
      summary: 'Retrieval after a pause, at growing intervals, beats rereading every time.',
      kind: 'article',
      topic: 'Learning',
      tags: ['learning', 'memory'],
      source: { name: 'Inflow', license: 'CC-BY-4.0' },
      pack: 'getting-started',
    }),
  ];
  for (const [name, summary] of [
    ['grep', 'Find patterns in files using regular expressions.'],
    ['find', 'Find files or directories under a directory tree, recursively.'],
    ['rsync', 'Transfer files either to or from a remote host, but not between two remote hosts.'],
    ['curl', 'Transfers data from or to a server.'],
    ['chmod', 'Change the access permissions of a file or directory.'],
    ['journalctl', 'Query the systemd journal.'],
    ['docker ps', 'List Docker containers.'],
    ['kubectl get', 'Get Kubernetes objects and resources.'],
  ]) {
    items.push(
      makeItem({
        id: `tldr/common/${name.replace(' ', '-')}`,
        title: name,
        summary,
        kind: 'snippet',
        topic: name.startsWith('docker') || name.startsWith('kubectl') ? 'Containers' : 'Command line',
        tags: ['cli', name.startsWith('k') ? 'kubernetes' : 'linux'],
        source: tldr,
        pack: 'tldr-en',
        html: `<p>${summary}</p>` + code('sh', `${name} --help`),
      }),
    );
  }
  items.push(
    makeItem({ id: 'de/tar', title: 'tar', summary: 'Archivierungsprogramm, oft mit gzip kombiniert.', kind: 'snippet', topic: 'Kommandozeile', language: 'de', tags: ['linux'], source: tldr, pack: 'tldr-de' }),
    makeItem({ id: 'de/lockout', title: 'Freischalten vor der Wartung', summary: 'Alle Energiequellen trennen und sichern.', kind: 'rule', topic: 'Sicherheit', language: 'de', tags: ['sicherheit'], source: team, pack: 'handbook-de' }),
  );
  return items;
}

export function demoPacks(): PackInfo[] {
  return [
    { id: 'tldr-en', title: 'tldr pages (English)', format: 'tldr', source: tldr, itemCount: 11, imported: '2025-05-14T09:12:00Z' },
    { id: 'handbook', title: 'Field Service Handbook', format: 'markdown', source: team, itemCount: 8, imported: '2025-03-02T08:00:00Z' },
    { id: 'getting-started', title: 'Getting started', format: 'builtin', source: {}, itemCount: 1, imported: '2025-01-01T00:00:00Z' },
  ];
}

/** A few decks of cards in every state, and some answers this week. */
export function demoCards(r: FakeReviews): void {
  const now = r.now();
  const at = (ms: number) => new Date(now + ms).toISOString();
  const tar: CardSource = { kind: 'item', id: 'tldr/common/tar', title: 'tar' };
  const person: CardSource = { kind: 'person', id: '', title: '' };
  const cards: [string, string, string, number, CardState, CardSource][] = [
    ['Command line', 'Which tar flag extracts an archive?', 'x (as in tar xvf file.tar)', -2 * DAY, 'review', tar],
    ['Command line', 'What does the z flag of tar mean?', 'Filter the archive through gzip', -MINUTE, 'review', tar],
    ['Command line', 'Copy a file to a remote host', 'scp path/to/file user@host:path/', 0, 'new', person],
    ['Safety', 'Before servicing a machine you must…', 'Isolate every energy source,\nlock it out and tag it,\nthen try to start it.', 3 * DAY, 'review', person],
    ['Safety', 'Where are hard hats required?', 'In every marked zone, even for a minute', DAY + 3 * 3_600_000, 'review', person],
    ['Git', 'Undo the last commit but keep its changes', 'git reset --soft HEAD~1', 5 * MINUTE, 'learning', person],
    ['Git', 'Start an interactive rebase', 'git rebase -i <base>', 0, 'new', person],
  ];
  for (const [deck, prompt, answer, due, state, source] of cards) {
    r.add({ deck, prompt, answer, due: at(due), state, source, stability: state === 'review' ? 4 : 0, reps: state === 'new' ? 0 : 3 });
  }
  for (let i = 0; i < 14; i++) {
    r.events.push({ id: `demo-${i}`, cardId: 'card-1', rating: 'good', at: now - (i + 1) * 3_600_000, durationMs: 25_000, before: r.cards[0] });
  }
}

/**
 * Installs a FakeApi with the sample library. mode: "" for a ready library,
 * "empty", "loading" (never becomes ready) or "failed" (profile locked).
 */
export function installDemo(mode: string): FakeApi {
  const empty = mode === 'empty';
  const fake = new FakeApi({
    items: empty ? [] : demoItems(),
    packs: empty ? [] : demoPacks(),
    latencyMs: 40,
    info: { version: '0.1.0-preview', dataDir: '~/.local/share/inflow', ready: mode !== 'loading' && mode !== 'failed' },
  });
  if (mode === 'failed') fake.infoValue.error = 'locked: the profile in ~/.local/share/inflow is in use by another process';
  if (!empty) {
    fake.recent = ['tldr/common/tar', 'handbook/lockout-tagout', 'tldr/common/git-rebase'];
    fake.bookmarks = ['handbook/lockout-tagout', 'tldr/common/tar'];
    fake.recentSearchList = ['lockout', 'tar kind:snippet', 'git rebase'];
    demoCards(fake.reviews);
  }
  fake.chooseFilesResult = ['/home/me/notes/safety.md', '/home/me/notes/broken.md'];
  fake.chooseFolderResult = '/home/me/tldr/pages';
  fake.importHandler = async (paths) => {
    for (const path of paths) {
      for (let i = 1; i <= 20; i++) {
        fake.emitProgress({ path, phase: 'reading', done: i, total: 20, name: `${path}/page-${i}.md` });
        await new Promise((r) => setTimeout(r, 60));
      }
      fake.emitProgress({ path, phase: 'storing', done: 0, total: 1, name: 'pack' });
      await new Promise((r) => setTimeout(r, 300));
    }
    return {
      packs: [{ path: paths[0], packId: 'notes', title: 'My notes', added: 12, updated: 3, unchanged: 40, removed: 1 }],
      failed: [{ path: '/home/me/notes/broken.md', code: 'invalid', error: 'broken.md:3: front matter: kind "howto" is not one of article, how-to, guide' }],
    };
  };
  setApi(fake);
  return fake;
}
