import { beforeEach, describe, expect, it, vi } from 'vitest';
import { setApi, type ReviewPrompt } from '../api';
import { deferred, FakeApi } from '../api/fake';
import { MAX_ANSWER_MS, ReviewSession } from './session.svelte';

describe('ReviewSession', () => {
  let fake: FakeApi;
  let clock: number;
  let changes: number;
  let session: ReviewSession;

  beforeEach(() => {
    clock = Date.parse('2025-06-02T10:00:00Z');
    fake = new FakeApi({ now: () => clock });
    fake.reviews.add({ id: 'a', deck: 'Git', prompt: 'A?', answer: 'a' });
    fake.reviews.add({ id: 'b', deck: 'Git', prompt: 'B?', answer: 'b' });
    fake.reviews.add({ id: 'c', deck: 'Safety', prompt: 'C?', answer: 'c' });
    setApi(fake);
    changes = 0;
    session = new ReviewSession({ now: () => clock, onChange: () => changes++ });
  });

  it('goes loading → prompt → revealed → answering → prompt … → summary', async () => {
    const started = session.start('Git');
    expect(session.phase).toBe('loading');
    await started;
    expect(session.phase).toBe('prompt');
    expect(session.prompt?.card.id).toBe('a');
    expect(session.prompt?.remaining).toBe(2);
    expect(session.prompt?.intervals).toEqual({ again: '1m', hard: '6m', good: '10m', easy: '4d' });

    // Rating before the answer is shown does nothing.
    await session.answer('good');
    expect(fake.count('answerReview')).toBe(0);

    session.reveal();
    expect(session.phase).toBe('revealed');
    const answered = session.answer('good');
    expect(session.phase).toBe('answering');
    await answered;
    expect(session.phase).toBe('prompt');
    expect(session.prompt?.card.id).toBe('b');
    expect(session.prompt?.remaining).toBe(1);

    session.reveal();
    await session.answer('easy');
    expect(session.phase).toBe('summary');
    expect(session.prompt).toBeNull();
    expect(session.tally).toMatchObject({ again: 0, hard: 0, good: 1, easy: 1, reviewed: 2 });
    expect(changes).toBe(2);
    expect(fake.calls.filter((c) => c.method === 'nextReview').map((c) => c.args)).toEqual([['Git'], ['Git'], ['Git']]);
  });

  it('shows the summary at once when nothing is due', async () => {
    await session.start('Nothing here');
    expect(session.phase).toBe('summary');
    expect(session.tally.reviewed).toBe(0);
    expect(session.canUndo).toBe(false);
  });

  it('times each answer from when its card was shown, capped at a minute', async () => {
    await session.start('');
    clock += 4_200;
    session.reveal();
    clock += 800;
    await session.answer('good');
    expect(fake.lastArgs('answerReview')).toEqual(['a', 'good', 5_000]);

    // A card left on screen during a break counts for the cap only.
    clock += 10 * 60_000;
    session.reveal();
    await session.answer('hard');
    expect(fake.lastArgs('answerReview')).toEqual(['b', 'hard', MAX_ANSWER_MS]);
    expect(session.tally.ms).toBe(5_000 + MAX_ANSWER_MS);
  });

  it('works with fake timers as the clock', async () => {
    vi.useFakeTimers({ now: new Date('2025-06-02T10:00:00Z'), toFake: ['Date'] });
    try {
      const s = new ReviewSession();
      await s.start('');
      vi.advanceTimersByTime(12_345);
      s.reveal();
      await s.answer('again');
      expect(fake.lastArgs('answerReview')).toEqual(['a', 'again', 12_345]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('undoes the last answer and shows that card again with its intervals', async () => {
    await session.start('Git');
    const first = session.prompt as ReviewPrompt;
    clock += 3_000;
    session.reveal();
    await session.answer('again');
    expect(session.prompt?.card.id).toBe('b');
    expect(session.canUndo).toBe(true);

    clock += 1_000;
    await session.undo();
    expect(fake.lastArgs('undoReview')).toEqual(['ev-4']);
    expect(session.phase).toBe('prompt');
    expect(session.prompt?.card.id).toBe('a');
    expect(session.prompt?.card.state).toBe('new');
    expect(session.prompt?.intervals).toEqual(first.intervals);
    expect(session.prompt?.remaining).toBe(first.remaining);
    expect(session.tally).toMatchObject({ again: 0, reviewed: 0, ms: 0 });
    expect(fake.reviews.events).toEqual([]);
    // One answer can be undone; the next undo waits for a new answer.
    expect(session.canUndo).toBe(false);
    await session.undo();
    expect(fake.count('undoReview')).toBe(1);

    // The undone card is timed afresh.
    clock += 2_000;
    session.reveal();
    await session.answer('good');
    expect(fake.lastArgs('answerReview')).toEqual(['a', 'good', 2_000]);
    expect(session.tally).toMatchObject({ good: 1, reviewed: 1, ms: 2_000 });
    expect(changes).toBe(3);
  });

  it('undoes from the summary back to the last card', async () => {
    await session.start('Safety');
    session.reveal();
    await session.answer('hard');
    expect(session.phase).toBe('summary');
    expect(session.canUndo).toBe(true);
    await session.undo();
    expect(session.phase).toBe('prompt');
    expect(session.prompt?.card.id).toBe('c');
    expect(session.tally.reviewed).toBe(0);
  });

  it('keeps the answer shown and says why when answering fails', async () => {
    await session.start('');
    session.reveal();
    fake.fail('answerReview', 'internal: disk full');
    await session.answer('good');
    expect(session.phase).toBe('revealed');
    expect(session.error?.message).toBe('disk full');
    expect(session.tally.reviewed).toBe(0);
    await session.answer('good');
    expect(session.error).toBeNull();
    expect(session.prompt?.card.id).toBe('b');
  });

  it('keeps the last card when an undo fails', async () => {
    await session.start('');
    session.reveal();
    await session.answer('good');
    session.reveal();
    fake.fail('undoReview', 'not_found: review gone');
    await session.undo();
    expect(session.phase).toBe('revealed');
    expect(session.prompt?.card.id).toBe('b');
    expect(session.error?.code).toBe('not_found');
    expect(session.tally.reviewed).toBe(1);
  });

  it('offers a retry when the next card cannot be fetched', async () => {
    fake.fail('nextReview', 'internal: database closed');
    await session.start('');
    expect(session.phase).toBe('error');
    expect(session.error?.message).toBe('database closed');
    await session.retry();
    expect(session.phase).toBe('prompt');
    expect(session.error).toBeNull();
  });

  it('drops answers that arrive after the session was stopped', async () => {
    await session.start('');
    session.reveal();
    const held = deferred<never>();
    const real = fake.answerReview.bind(fake);
    fake.answerReview = (...args) => held.promise.then(() => real(...args));
    const answering = session.answer('good');
    session.stop();
    held.resolve(undefined as never);
    await answering;
    expect(session.phase).toBe('idle');
    expect(session.prompt).toBeNull();
    expect(session.tally.reviewed).toBe(0);
  });

  it('resumes an unfinished session of the same deck and starts afresh otherwise', async () => {
    await session.open('Git');
    session.reveal();
    await session.answer('good');
    await session.open('Git');
    expect(session.prompt?.card.id).toBe('b');
    expect(session.tally.reviewed).toBe(1);
    expect(fake.count('nextReview')).toBe(2);

    await session.open('Safety');
    expect(session.deck).toBe('Safety');
    expect(session.prompt?.card.id).toBe('c');
    expect(session.tally.reviewed).toBe(0);
  });
});
