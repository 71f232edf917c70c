import { describe, expect, it } from 'vitest';
import { FakeApi, makeItem } from './fake';
import { DAY, intervalLabel, MINUTE } from './fake-review';

const at = (iso: string) => Date.parse(iso);

describe('the fake review scheduler', () => {
  it('labels intervals like the Go side', () => {
    expect(intervalLabel(MINUTE)).toBe('1m');
    expect(intervalLabel(10 * MINUTE)).toBe('10m');
    expect(intervalLabel(3 * 3_600_000)).toBe('3h');
    expect(intervalLabel(DAY)).toBe('1d');
    expect(intervalLabel(70 * DAY)).toBe('2.3mo');
    expect(intervalLabel(400 * DAY)).toBe('1.1y');
  });

  it('moves a card through learning into review and back on a lapse', async () => {
    let now = at('2025-06-02T10:00:00Z');
    const fake = new FakeApi({ now: () => now });
    fake.reviews.add({ id: 'a', prompt: 'A?', answer: 'a' });
    let r = await fake.answerReview('a', 'good', 1000);
    expect(r.card).toMatchObject({ state: 'learning', reps: 1, due: '2025-06-02T10:10:00.000Z' });
    now += 10 * MINUTE;
    expect((await fake.nextReview(''))?.intervals).toEqual({ again: '1m', hard: '6m', good: '1d', easy: '4d' });
    r = await fake.answerReview('a', 'good', 1000);
    expect(r.card).toMatchObject({ state: 'review', stability: 1 });
    now += DAY;
    expect((await fake.nextReview(''))?.intervals.good).toBe('3d');
    r = await fake.answerReview('a', 'again', 1000);
    expect(r.card).toMatchObject({ state: 'relearning', lapses: 1 });
  });

  it('respects the daily limits and undoes an answer', async () => {
    const now = at('2025-06-02T10:00:00Z');
    const fake = new FakeApi({ now: () => now });
    for (let i = 0; i < 3; i++) fake.reviews.add({ prompt: `Q${i}`, answer: 'a' });
    fake.reviews.settings.newPerDay = 2;
    expect((await fake.reviewHome()).newAvailable).toBe(2);
    const p = await fake.nextReview('');
    expect(p?.remaining).toBe(2);
    const { eventId } = await fake.answerReview(p!.card.id, 'easy', 1000);
    expect((await fake.nextReview(''))?.remaining).toBe(1);
    const card = await fake.undoReview(eventId);
    expect(card).toMatchObject({ id: p!.card.id, state: 'new', due: new Date(now).toISOString() });
    expect((await fake.nextReview(''))?.remaining).toBe(2);
    await expect(fake.undoReview(eventId)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('makes cards from key points once', async () => {
    const fake = new FakeApi({ items: [makeItem({ id: 'x', title: 'X', topic: 'Safety', keyPoints: ['one', 'two'] }), makeItem({ id: 'bare' })] });
    let events = 0;
    fake.onReviewChanged(() => events++);
    const first = await fake.cardsFromItem('x');
    expect(first.map((c) => [c.deck, c.answer, c.source])).toEqual([
      ['Safety', 'one', { kind: 'item', id: 'x', title: 'X' }],
      ['Safety', 'two', { kind: 'item', id: 'x', title: 'X' }],
    ]);
    const again = await fake.cardsFromItem('x');
    expect(again.map((c) => c.id)).toEqual(first.map((c) => c.id));
    expect(fake.reviews.cards).toHaveLength(2);
    expect(events).toBe(1);
    expect(await fake.cardsForItem('x')).toHaveLength(2);
    await expect(fake.cardsFromItem('bare')).rejects.toMatchObject({ code: 'invalid' });
    await expect(fake.cardsFromItem('gone')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('lists cards by deck, text and state, a page at a time', async () => {
    const fake = new FakeApi();
    for (let i = 0; i < 5; i++) fake.reviews.add({ deck: i % 2 ? 'Odd' : 'Even', prompt: `Prompt ${i}`, answer: `Answer ${i}` });
    await fake.setCardSuspended('card-1', true);
    const q = { deck: '', text: '', state: '' as const, limit: 2, offset: 0 };
    expect(await fake.cards(q)).toMatchObject({ total: 5, cards: [{ prompt: 'Prompt 4' }, { prompt: 'Prompt 3' }] });
    expect((await fake.cards({ ...q, offset: 4 })).cards.map((c) => c.prompt)).toEqual(['Prompt 0']);
    expect((await fake.cards({ ...q, deck: 'Odd', limit: 0 })).total).toBe(2);
    expect((await fake.cards({ ...q, text: 'answer 3' })).cards.map((c) => c.prompt)).toEqual(['Prompt 3']);
    expect((await fake.cards({ ...q, state: 'suspended' })).cards.map((c) => c.id)).toEqual(['card-1']);
    await expect(fake.createCard({ deck: '', prompt: ' ', answer: 'x', sourceItemId: '' })).rejects.toMatchObject({ code: 'invalid' });
    expect(await fake.createCard({ deck: '', prompt: 'P', answer: 'A', sourceItemId: '' })).toMatchObject({ deck: 'General', source: { kind: 'person' } });
  });
});
