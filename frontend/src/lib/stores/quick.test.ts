import { beforeEach, describe, expect, it } from 'vitest';
import { setApi } from '../api';
import { deferred, FakeApi, makeItem } from '../api/fake';
import { flush } from '../../test/util';
import { QuickStore } from './quick.svelte';

function library() {
  return new FakeApi({
    items: [
      makeItem({ id: 'tar', title: 'tar', html: '<p>Make one with <code>tar cf</code>:</p><pre><code>tar czf out.tgz dir\n</code></pre>' }),
      makeItem({ id: 'rule', title: 'Hard hat zones', html: '<p>Wear a hard hat.</p>' }),
    ],
  });
}

describe('QuickStore', () => {
  let fake: FakeApi;
  let quick: QuickStore;

  beforeEach(() => {
    fake = library();
    setApi(fake);
    quick = new QuickStore({ debounceMs: 0, copiedMs: 0 });
  });

  it('shows with the words typed in and searched at once', async () => {
    quick.show('tar');
    expect(quick.active).toBe(true);
    expect(quick.shown).toBe(1);
    expect(quick.search.query).toBe('tar');
    await flush();
    expect(quick.search.hits.map((h) => h.id)).toEqual(['tar']);
    // Quick search asks for no facets.
    expect(fake.lastArgs('search')).toEqual([{ query: 'tar', language: '', limit: 20, facets: undefined }]);
  });

  it('shows the recent searches when no words come with it', async () => {
    fake.recentSearchList = ['lockout'];
    quick.show('tar');
    await flush();
    quick.show('');
    await flush();
    expect(quick.search.query).toBe('');
    expect(quick.search.hits).toEqual([]);
    expect(quick.search.open).toBe(true);
    expect(quick.search.recent).toEqual(['lockout']);
    expect(quick.shown).toBe(2);
  });

  it('leaves: LeaveQuick(false) hides the window and forgets the search', async () => {
    quick.show('tar');
    await flush();
    expect(await quick.leave(false)).toBe(true);
    expect(fake.lastArgs('leaveQuick')).toEqual([false]);
    expect(fake.windowState).toMatchObject({ quick: false, visible: false });
    expect(quick.active).toBe(false);
    expect(quick.search.query).toBe('');
  });

  it('stays in quick mode, saying why, when the window could not be hidden', async () => {
    quick.show('');
    fake.fail('leaveQuick', 'internal: no window');
    expect(await quick.leave(false)).toBe(false);
    expect(quick.active).toBe(true);
    expect(quick.problem).toBe('Could not hide the window: no window');
    // Opening a result goes on to the full window even then.
    fake.fail('leaveQuick', 'internal: no window');
    expect(await quick.leave(true)).toBe(true);
    expect(quick.active).toBe(false);
  });

  it('copies the first code block, says so, then hides the window', async () => {
    quick.show('tar');
    await quick.copy('tar');
    expect(fake.copied).toEqual(['tar czf out.tgz dir']);
    expect(fake.lastArgs('leaveQuick')).toEqual([false]);
    expect(quick.active).toBe(false);
  });

  it('copies the title of an item without code', async () => {
    const q = new QuickStore({ copiedMs: 5 });
    q.show('hat');
    const copying = q.copy('rule');
    await new Promise((r) => setTimeout(r, 1));
    expect(q.status).toBe('Copied the title “Hard hat zones” (it has no code)');
    expect(q.active).toBe(true);
    await copying;
    expect(fake.copied).toEqual(['Hard hat zones']);
    expect(q.active).toBe(false);
  });

  it('shows why a copy failed and stays', async () => {
    quick.show('tar');
    fake.fail('copyText', 'internal: no clipboard');
    await quick.copy('tar');
    expect(quick.problem).toBe('Could not copy: no clipboard');
    expect(quick.active).toBe(true);
    expect(quick.copying).toBe(false);
    expect(fake.count('leaveQuick')).toBe(0);
  });

  it('does not hide a window shown again while the copy was on its way', async () => {
    quick.show('tar');
    const held = deferred<void>();
    const copyText = fake.copyText.bind(fake);
    fake.copyText = async (t) => {
      await held.promise;
      return copyText(t);
    };
    const copying = quick.copy('tar');
    await flush();
    quick.show('rebase');
    held.resolve();
    await copying;
    expect(quick.active).toBe(true);
    expect(quick.status).toBe('');
    expect(fake.count('leaveQuick')).toBe(0);
  });
});
