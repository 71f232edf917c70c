import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { setApi } from '../api';
import { FakeApi } from '../api/fake';
import { DAY } from '../api/fake-review';
import { ReviewStore } from '../stores/review.svelte';
import ReviewDashboard from './ReviewDashboard.svelte';

describe('ReviewDashboard', () => {
  let fake: FakeApi;
  let clock: number;
  let review: ReviewStore;

  beforeEach(() => {
    clock = new Date(2025, 5, 2, 10, 0).getTime(); // a Monday
    fake = new FakeApi({ now: () => clock });
    const due = (ms: number) => new Date(clock + ms).toISOString();
    fake.reviews.add({ deck: 'Git', prompt: 'A', answer: 'a', state: 'review', stability: 2, due: due(-DAY) });
    fake.reviews.add({ deck: 'Git', prompt: 'B', answer: 'b', state: 'review', stability: 2, due: due(-60_000) });
    fake.reviews.add({ deck: 'Git', prompt: 'C', answer: 'c', state: 'review', stability: 2, due: due(2 * DAY) });
    fake.reviews.add({ deck: 'Safety', prompt: 'D', answer: 'd' });
    fake.reviews.events.push({ id: 'e1', cardId: 'x', rating: 'good', at: clock - 3_600_000, durationMs: 15 * 60_000, before: fake.reviews.cards[0] });
    setApi(fake);
    review = new ReviewStore({ now: () => clock });
  });

  async function renderDashboard() {
    const onReview = vi.fn();
    const onCards = vi.fn();
    render(ReviewDashboard, { review, onReview, onCards });
    await review.refresh();
    await screen.findByTestId('due-now');
    return { onReview, onCards, user: userEvent.setup() };
  }

  it('shows what is due, the forecast and this week', async () => {
    const { user, onReview } = await renderDashboard();
    expect(screen.getByTestId('due-now')).toHaveTextContent('2');
    expect(screen.getByTestId('due-today')).toHaveTextContent('2');
    expect(screen.getByTestId('new-available')).toHaveTextContent('1');
    const chart = screen.getByRole('img', { name: /Cards due in the next 7 days/ });
    expect(chart.getAttribute('aria-label')).toMatch(/^Cards due in the next 7 days: Today 2, \w+ 0, \w+ 1, \w+ 0/);
    expect(screen.getAllByTestId('forecast-count').map((t) => t.textContent)).toEqual(['2', '0', '1', '0', '0', '0', '0']);
    expect(screen.getByTestId('reviews-this-week')).toHaveTextContent('1 review');
    const bar = screen.getByRole('progressbar');
    expect(bar).toHaveAttribute('aria-valuenow', '15');
    expect(bar).toHaveAttribute('aria-valuemax', '60');
    expect(bar).toHaveAttribute('aria-valuetext', '15 of 60 minutes');

    await user.click(screen.getByTestId('review-now'));
    expect(onReview).toHaveBeenCalledWith('');
  });

  it('reviews or lists one deck', async () => {
    const { user, onReview, onCards } = await renderDashboard();
    const git = screen.getByTestId('deck-row-git');
    expect(within(git).getByTestId('deck-due')).toHaveTextContent('2 due');
    await user.click(within(git).getByRole('button', { name: 'Review Git: 2 due, 0 new' }));
    expect(onReview).toHaveBeenCalledWith('Git');
    await user.click(within(git).getByRole('button', { name: 'Cards in Git (3)' }));
    expect(onCards).toHaveBeenCalledWith('Git');
  });

  it('says all caught up when there is nothing to review', async () => {
    clock -= 2 * DAY;
    fake.reviews.cards = fake.reviews.cards.filter((c) => c.state !== 'new');
    await renderDashboard();
    expect(screen.getByTestId('review-now')).toBeDisabled();
    expect(screen.getByTestId('all-caught-up')).toHaveTextContent('All caught up');
  });

  it('invites to make cards when there are none', async () => {
    fake.reviews.cards = [];
    await renderDashboard();
    expect(screen.getByTestId('review-now')).toBeDisabled();
    expect(screen.getByTestId('all-caught-up')).toHaveTextContent('No cards yet');
    expect(screen.queryByTestId('deck-list')).toBeNull();
  });

  it('edits the weekly goal in place, 1 to 1000 minutes', async () => {
    const { user } = await renderDashboard();
    await user.click(screen.getByRole('button', { name: 'Edit weekly goal (60 minutes)' }));
    const input = screen.getByTestId('goal-input');
    await waitFor(() => expect(input).toHaveFocus());
    await user.clear(input);
    await user.type(input, '0{Enter}');
    expect(screen.getByTestId('goal-error')).toHaveTextContent('from 1 to 1000');
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(fake.count('saveReviewSettings')).toBe(0);

    await user.clear(input);
    await user.type(input, '120');
    await user.click(screen.getByTestId('goal-save'));
    await waitFor(() => expect(screen.getByTestId('weekly-minutes')).toHaveTextContent('15 of 120 min'));
    expect(fake.lastArgs('saveReviewSettings')).toEqual([{ weeklyGoalMinutes: 120, newPerDay: 20, reviewsPerDay: 200, defaultRetention: 0.9 }]);
    expect(screen.getByTestId('goal-edit')).toHaveFocus();

    // Esc cancels without saving.
    await user.click(screen.getByTestId('goal-edit'));
    await user.type(screen.getByTestId('goal-input'), '5{Escape}');
    expect(screen.queryByTestId('goal-input')).toBeNull();
    expect(fake.count('saveReviewSettings')).toBe(1);
  });

  it('saves the daily limits, the retention and each deck retention', async () => {
    const { user } = await renderDashboard();
    await user.click(screen.getByTestId('settings-toggle'));
    const perDay = await screen.findByLabelText('New cards per day');
    await waitFor(() => expect(perDay).toHaveValue(20));
    await user.clear(perDay);
    await user.type(perDay, '5');
    const retention = screen.getByLabelText('Target retention');
    await user.clear(retention);
    await user.type(retention, '0.5');
    await user.click(screen.getByTestId('settings-save'));
    expect(screen.getByText('Enter a retention from 0.70 to 0.99.')).toBeInTheDocument();
    expect(fake.count('saveReviewSettings')).toBe(0);

    await user.clear(retention);
    await user.type(retention, '0.85');
    const git = screen.getByLabelText('Git');
    await user.clear(git);
    await user.type(git, '0.95');
    await user.click(screen.getByTestId('settings-save'));
    expect(await screen.findByTestId('settings-saved')).toHaveTextContent('Saved');
    expect(fake.lastArgs('saveReviewSettings')).toEqual([{ weeklyGoalMinutes: 60, newPerDay: 5, reviewsPerDay: 200, defaultRetention: 0.85 }]);
    expect(fake.calls.filter((c) => c.method === 'setDeckRetention').map((c) => c.args)).toEqual([['Git', 0.95]]);
  });

  it('shows Go refusing the settings', async () => {
    const { user } = await renderDashboard();
    await user.click(screen.getByTestId('settings-toggle'));
    await waitFor(() => expect(screen.getByLabelText('New cards per day')).toHaveValue(20));
    fake.fail('saveReviewSettings', 'invalid: the limits are out of range');
    await user.click(screen.getByTestId('settings-save'));
    expect(await screen.findByTestId('settings-error')).toHaveTextContent('the limits are out of range');
  });

  it('says when reviews are not available', async () => {
    fake.fail('reviewHome', 'internal: the review store is closed');
    render(ReviewDashboard, { review, onReview: vi.fn(), onCards: vi.fn() });
    await review.refresh();
    expect(await screen.findByTestId('review-unavailable')).toHaveTextContent('the review store is closed');
  });
});
