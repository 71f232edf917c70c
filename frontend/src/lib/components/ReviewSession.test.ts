import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { setApi } from '../api';
import { FakeApi, makeItem } from '../api/fake';
import { ReviewSession as Session } from '../stores/session.svelte';
import ReviewSession from './ReviewSession.svelte';

const sources = import.meta.glob('./*.svelte', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

describe('ReviewSession', () => {
  let fake: FakeApi;
  let clock: number;
  let session: Session;

  beforeEach(() => {
    clock = Date.parse('2025-06-02T10:00:00Z');
    fake = new FakeApi({ now: () => clock, items: [makeItem({ id: 'tar', title: 'tar' })] });
    fake.reviews.add({
      id: 'a',
      deck: 'Command line',
      prompt: 'Which flag\n  extracts?',
      answer: '<img src=x onerror="alert(1)"> x',
      source: { kind: 'item', id: 'tar', title: 'tar' },
    });
    fake.reviews.add({ id: 'b', deck: 'Command line', prompt: 'B?', answer: 'b' });
    setApi(fake);
    session = new Session({ now: () => clock });
  });

  async function renderSession() {
    const onLeave = vi.fn();
    const onHome = vi.fn();
    const onOpenItem = vi.fn();
    render(ReviewSession, { session, onLeave, onHome, onOpenItem });
    await session.start('');
    await screen.findByTestId('review-card');
    return { onLeave, onHome, onOpenItem, user: userEvent.setup() };
  }

  it('shows card text as text, line breaks kept, never as HTML', async () => {
    const { user } = await renderSession();
    const prompt = screen.getByTestId('review-prompt');
    expect(prompt.textContent).toBe('Which flag\n  extracts?');
    expect(prompt).toHaveClass('whitespace-pre-wrap');
    await user.keyboard(' ');
    const answer = await screen.findByTestId('review-answer');
    expect(answer.textContent).toBe('<img src=x onerror="alert(1)"> x');
    expect(answer.querySelector('img')).toBeNull();
    expect(document.querySelector('[data-testid=review-session] img')).toBeNull();
  });

  it('never uses {@html} in the review, card and dashboard components', () => {
    const names = Object.keys(sources);
    for (const n of ['CardFace', 'ReviewSession', 'CardRow', 'CardForm', 'CardsView', 'SessionSummary', 'RatingButtons', 'ReviewDashboard', 'CardDialog']) {
      expect(names).toContain(`./${n}.svelte`);
    }
    const offenders = names.filter((n) => n !== './Article.svelte' && n !== './SearchPanel.svelte' && sources[n].includes('{@html'));
    expect(offenders).toEqual([]);
  });

  it('is driven by the keyboard: Space shows, 1–4 rate, Z undoes', async () => {
    const { user } = await renderSession();
    expect(screen.getByTestId('key-hints')).toHaveTextContent('show answer');
    expect(screen.getByTestId('review-progress')).toHaveTextContent('2 left');
    expect(screen.getByTestId('review-undo')).toBeDisabled();

    // Ratings do nothing before the answer is shown.
    await user.keyboard('3');
    expect(fake.count('answerReview')).toBe(0);

    await user.keyboard(' ');
    expect(screen.getByTestId('rate-good')).toHaveTextContent('10m');
    expect(screen.getByTestId('rate-easy')).toHaveAccessibleName('Easy, next review in 4d');
    expect(screen.getByTestId('key-hints')).toHaveTextContent('again · hard · good · easy');
    clock += 7_000;
    await user.keyboard('2');
    await waitFor(() => expect(screen.getByTestId('review-prompt')).toHaveTextContent('B?'));
    expect(fake.lastArgs('answerReview')).toEqual(['a', 'hard', 7_000]);
    expect(screen.getByTestId('review-progress')).toHaveTextContent('1 left · 1 done');

    const undo = screen.getByRole('button', { name: 'Undo last answer' });
    expect(undo).toBeEnabled();
    await user.keyboard('z');
    await waitFor(() => expect(screen.getByTestId('review-prompt').textContent).toBe('Which flag\n  extracts?'));
    expect(fake.count('undoReview')).toBe(1);
    expect(screen.queryByTestId('review-answer')).toBeNull();

    await user.keyboard('{Enter}');
    expect(screen.getByTestId('review-answer')).toBeInTheDocument();
    await user.keyboard('4');
    await waitFor(() => expect(screen.getByTestId('review-prompt')).toHaveTextContent('B?'));
    await user.keyboard('{Control>}z{/Control}');
    await waitFor(() => expect(fake.count('undoReview')).toBe(2));
    expect(await screen.findByText('Which flag', { exact: false })).toBeInTheDocument();
  });

  it('works with the buttons too', async () => {
    const { user, onLeave, onOpenItem } = await renderSession();
    await user.click(screen.getByTestId('review-reveal'));
    await user.click(screen.getByTestId('rate-again'));
    await waitFor(() => expect(fake.lastArgs('answerReview')?.[1]).toBe('again'));
    await user.click(await screen.findByTestId('review-undo'));
    await waitFor(() => expect(fake.count('undoReview')).toBe(1));
    await user.click(await screen.findByTestId('review-source'));
    expect(onOpenItem).toHaveBeenCalledWith('tar');
    await user.click(screen.getByTestId('review-leave'));
    expect(onLeave).toHaveBeenCalledOnce();
  });

  it('ignores the keys while a text field has the focus', async () => {
    const { user } = await renderSession();
    const input = document.createElement('input');
    document.body.append(input);
    input.focus();
    await user.keyboard(' 1z');
    expect(screen.queryByTestId('review-answer')).toBeNull();
    expect(input.value).toBe(' 1z');
    input.remove();
  });

  it('ends with a summary of the session', async () => {
    const { user, onHome } = await renderSession();
    clock += 3_000;
    await user.keyboard(' 3');
    await screen.findByText('B?');
    clock += 65_000;
    await user.keyboard(' 1');
    const summary = await screen.findByTestId('review-summary');
    expect(summary).toHaveTextContent('Session complete');
    expect(screen.getByTestId('summary-reviewed')).toHaveTextContent('You reviewed 2 cards in 1 min');
    expect(screen.getByTestId('summary-good')).toHaveTextContent('1');
    expect(screen.getByTestId('summary-again')).toHaveTextContent('1');
    expect(screen.getByTestId('summary-hard')).toHaveTextContent('0');
    expect(screen.getByTestId('summary-time')).toHaveTextContent('1 min');
    const home = screen.getByTestId('summary-home');
    await waitFor(() => expect(home).toHaveFocus());
    await user.click(home);
    expect(onHome).toHaveBeenCalledOnce();
  });

  it('says all caught up when nothing is due', async () => {
    fake.reviews.cards = [];
    render(ReviewSession, { session, onLeave: vi.fn(), onHome: vi.fn(), onOpenItem: vi.fn() });
    await session.start('Git');
    expect(await screen.findByTestId('review-summary')).toHaveTextContent('All caught up');
    expect(screen.getByTestId('review-deck')).toHaveTextContent('Git');
    expect(screen.queryByTestId('summary-counts')).toBeNull();
  });

  it('shows why the next card could not be loaded, and retries', async () => {
    fake.fail('nextReview', 'internal: database closed');
    render(ReviewSession, { session, onLeave: vi.fn(), onHome: vi.fn(), onOpenItem: vi.fn() });
    await session.start('');
    expect(await screen.findByTestId('review-error')).toHaveTextContent('database closed');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByTestId('review-card')).toBeInTheDocument();
  });
});
