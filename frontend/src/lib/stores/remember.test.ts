import { beforeEach, describe, expect, it } from 'vitest';
import { setApi } from '../api';
import { FakeApi, makeItem } from '../api/fake';
import { flush } from '../../test/util';
import { RememberStore } from './remember.svelte';

describe('RememberStore', () => {
  let fake: FakeApi;
  let store: RememberStore;

  beforeEach(() => {
    fake = new FakeApi({
      items: [makeItem({ id: 'x', title: 'X', topic: 'Safety', keyPoints: ['one', 'two', 'three'] }), makeItem({ id: 'y' })],
    });
    setApi(fake);
    store = new RememberStore();
  });

  it('remembers an item once and counts its cards', async () => {
    await store.load('x');
    expect(store.remembered).toBe(false);
    await store.remember();
    expect(store.cards).toHaveLength(3);
    expect(store.remembered).toBe(true);
    await store.remember();
    expect(store.cards).toHaveLength(3);
    expect(fake.reviews.cards).toHaveLength(3);
    await store.load('x');
    expect(store.cards).toHaveLength(3);
  });

  it('makes a card from the item and says why one is refused', async () => {
    await store.load('y');
    expect(await store.makeCard({ deck: 'General', prompt: 'Q', answer: 'A' })).toBeNull();
    expect(fake.lastArgs('createCard')).toEqual([{ deck: 'General', prompt: 'Q', answer: 'A', sourceItemId: 'y' }]);
    expect(store.cards).toHaveLength(1);
    expect((await store.makeCard({ deck: 'General', prompt: 'Q', answer: '' }))?.code).toBe('invalid');
    await store.remember();
    expect(store.error?.code).toBe('invalid');
  });

  it('drops cards of an item no longer shown', async () => {
    await store.load('x');
    const pending = store.remember();
    void store.load('y');
    await pending;
    await flush();
    expect(store.itemId).toBe('y');
    expect(store.cards).toEqual([]);
    expect(store.busy).toBe(false);
  });
});
