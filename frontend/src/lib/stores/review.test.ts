import { beforeEach, describe, expect, it } from 'vitest';
import { setApi, type ReviewHome } from '../api';
import { deferred, FakeApi } from '../api/fake';
import { DAY } from '../api/fake-review';
import { goalProblem, retentionProblem, ReviewStore } from './review.svelte';

describe('ReviewStore', () => {
  let fake: FakeApi;
  let clock: number;
  let store: ReviewStore;

  beforeEach(() => {
    clock = new Date(2025, 5, 2, 10, 0).getTime();
    fake = new FakeApi({ now: () => clock });
    fake.reviews.add({ deck: 'Git', prompt: 'A?', answer: 'a', state: 'review', stability: 3, due: new Date(clock - DAY).toISOString() });
    fake.reviews.add({ deck: 'Git', prompt: 'B?', answer: 'b', state: 'review', stability: 3, due: new Date(clock + 2 * DAY).toISOString() });
    fake.reviews.add({ deck: 'Safety', prompt: 'C?', answer: 'c' });
    setApi(fake);
    store = new ReviewStore({ now: () => clock });
  });

  it('loads the dashboard', async () => {
    expect(store.canReview).toBe(false);
    await store.refresh();
    const home = store.home as ReviewHome;
    expect(home).toMatchObject({ dueNow: 1, dueToday: 1, newAvailable: 1, totalCards: 3, reviewsThisWeek: 0, weeklyGoalMinutes: 60 });
    expect(home.forecast.map((d) => d.count)).toEqual([1, 0, 1, 0, 0, 0, 0]);
    expect(home.forecast[0].date).toBe('2025-06-02');
    expect(home.decks.map((d) => [d.name, d.due, d.new, d.retention])).toEqual([
      ['Git', 1, 0, 0.9],
      ['Safety', 0, 1, 0.9],
    ]);
    expect(store.dueNow).toBe(1);
    expect(store.canReview).toBe(true);
  });

  it('folds refreshes asked for meanwhile into one more request', async () => {
    const held = deferred<void>();
    const real = fake.reviewHome.bind(fake);
    let n = 0;
    fake.reviewHome = async () => {
      if (++n === 1) await held.promise;
      return real();
    };
    const first = store.refresh();
    void store.refresh();
    void store.refresh();
    expect(store.loading).toBe(true);
    held.resolve();
    await first;
    expect(n).toBe(2);
    expect(store.loading).toBe(false);
    expect(store.home?.dueNow).toBe(1);
  });

  it('keeps the last dashboard and the error when a refresh fails', async () => {
    await store.refresh();
    fake.fail('reviewHome', 'internal: closed');
    await store.refresh();
    expect(store.error?.message).toBe('closed');
    expect(store.home?.totalCards).toBe(3);
  });

  it('saves the weekly goal, checking it first', async () => {
    await store.refresh();
    expect((await store.setWeeklyGoal(0))?.code).toBe('invalid');
    expect((await store.setWeeklyGoal(1001))?.code).toBe('invalid');
    expect((await store.setWeeklyGoal(2.5))?.code).toBe('invalid');
    expect(fake.count('saveReviewSettings')).toBe(0);
    expect(await store.setWeeklyGoal(90)).toBeNull();
    expect(fake.lastArgs('saveReviewSettings')).toEqual([{ weeklyGoalMinutes: 90, newPerDay: 20, reviewsPerDay: 200, defaultRetention: 0.9 }]);
    expect(store.home?.weeklyGoalMinutes).toBe(90);
  });

  it('returns what Go says when it refuses the settings', async () => {
    fake.fail('saveReviewSettings', 'invalid: too many');
    const err = await store.saveSettings({ weeklyGoalMinutes: 10, newPerDay: 5, reviewsPerDay: 50, defaultRetention: 0.9 });
    expect(err?.message).toBe('too many');
  });

  it('sets a deck retention within 0.70..0.99', async () => {
    expect((await store.setDeckRetention('Git', 0.5))?.code).toBe('invalid');
    expect(await store.setDeckRetention('Git', 0.85)).toBeNull();
    await store.refresh();
    expect(store.home?.decks.find((d) => d.name === 'Git')?.retention).toBe(0.85);
    expect((await store.setDeckRetention('Nope', 0.85))?.code).toBe('not_found');
  });

  it('checks goals and retentions', () => {
    expect(goalProblem(1)).toBe('');
    expect(goalProblem(1000)).toBe('');
    expect(goalProblem(NaN)).not.toBe('');
    expect(retentionProblem(0.7)).toBe('');
    expect(retentionProblem(0.99)).toBe('');
    expect(retentionProblem(0.995)).not.toBe('');
    expect(retentionProblem(0.69)).not.toBe('');
  });

  it('refreshes after each answer of its session', async () => {
    await store.session.start('');
    store.session.reveal();
    const before = fake.count('reviewHome');
    await store.session.answer('good');
    await Promise.resolve();
    expect(fake.count('reviewHome')).toBe(before + 1);
  });
});
