import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setApi } from '../api';
import { deferred, FakeApi } from '../api/fake';
import { CardsStore } from './cards.svelte';

describe('CardsStore', () => {
  let fake: FakeApi;
  let store: CardsStore;

  beforeEach(() => {
    fake = new FakeApi();
    for (let i = 0; i < 5; i++) fake.reviews.add({ deck: i < 3 ? 'Git' : 'Safety', prompt: `Q${i}`, answer: `A${i}` });
    setApi(fake);
    store = new CardsStore({ pageSize: 2, debounceMs: 50 });
  });

  afterEach(() => {
    store.dispose();
    vi.useRealTimers();
  });

  it('pages through the cards', async () => {
    await store.open();
    expect(store.cards.map((c) => c.prompt)).toEqual(['Q4', 'Q3']);
    expect(store.total).toBe(5);
    expect(store.hasPrev).toBe(false);
    await store.nextPage();
    await store.nextPage();
    expect(store.cards.map((c) => c.prompt)).toEqual(['Q0']);
    expect(store.hasNext).toBe(false);
    await store.nextPage();
    expect(fake.count('cards')).toBe(3);
    await store.prevPage();
    expect(store.offset).toBe(2);
  });

  it('filters by deck and state at once, and by text after the debounce', async () => {
    vi.useFakeTimers();
    await store.open('Git');
    expect(fake.lastArgs('cards')).toEqual([{ deck: 'Git', text: '', state: '', limit: 2, offset: 0 }]);
    await store.nextPage();
    await store.setState('new');
    expect(fake.lastArgs('cards')).toEqual([{ deck: 'Git', text: '', state: 'new', limit: 2, offset: 0 }]);
    const before = fake.count('cards');
    store.setText('Q');
    store.setText('Q1 ');
    vi.advanceTimersByTime(49);
    expect(fake.count('cards')).toBe(before);
    vi.advanceTimersByTime(1);
    await vi.waitFor(() => expect(fake.count('cards')).toBe(before + 1));
    expect(fake.lastArgs('cards')).toEqual([{ deck: 'Git', text: 'Q1', state: 'new', limit: 2, offset: 0 }]);
  });

  it('drops a page that arrives after a newer one', async () => {
    const held = deferred<void>();
    const real = fake.cards.bind(fake);
    let n = 0;
    fake.cards = async (q) => {
      if (++n === 1) await held.promise;
      return real(q);
    };
    const slow = store.open('Git');
    await store.open('Safety');
    held.resolve();
    await slow;
    expect(store.cards.map((c) => c.deck)).toEqual(['Safety', 'Safety']);
  });

  it('creates, edits, suspends and deletes, reloading the page', async () => {
    await store.open();
    expect((await store.create({ deck: 'Git', prompt: '', answer: 'x', sourceItemId: '' }))?.code).toBe('invalid');
    expect(await store.create({ deck: 'Git', prompt: 'New?', answer: 'Yes', sourceItemId: '' })).toBeNull();
    expect(store.cards[0].prompt).toBe('New?');
    expect(store.total).toBe(6);
    const id = store.cards[0].id;
    expect(await store.update(id, { deck: 'Other', prompt: 'Newer?', answer: 'Yes', sourceItemId: '' })).toBeNull();
    expect(store.cards[0]).toMatchObject({ prompt: 'Newer?', deck: 'Other' });
    expect(await store.setSuspended(id, true)).toBeNull();
    expect(store.cards[0].suspended).toBe(true);
    expect(await store.remove(id)).toBeNull();
    expect(store.total).toBe(5);
    expect((await store.remove(id))?.code).toBe('not_found');
  });

  it('goes back a page when the last card of the last page is deleted', async () => {
    await store.open();
    await store.nextPage();
    await store.nextPage();
    expect(store.offset).toBe(4);
    await store.remove(store.cards[0].id);
    expect(store.offset).toBe(2);
    expect(store.cards).toHaveLength(2);
  });
});
