import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { setApi } from '../api';
import { FakeApi } from '../api/fake';
import { DAY } from '../api/fake-review';
import { CardsStore } from '../stores/cards.svelte';
import CardsView from './CardsView.svelte';

describe('CardsView', () => {
  let fake: FakeApi;
  let store: CardsStore;

  beforeEach(() => {
    fake = new FakeApi();
    const now = Date.now();
    fake.reviews.add({ id: 'a', deck: 'Git', prompt: 'Undo a commit?', answer: 'git reset --soft HEAD~1', state: 'review', stability: 3, due: new Date(now + 3 * DAY + 60_000).toISOString() });
    fake.reviews.add({ id: 'b', deck: 'Safety', prompt: 'Hard hats?', answer: 'Always\nin zones' });
    setApi(fake);
    store = new CardsStore({ pageSize: 25, debounceMs: 0 });
  });

  async function renderView() {
    render(CardsView, { store, decks: [{ name: 'Git', total: 1, due: 0, new: 0, retention: 0.9 }, { name: 'Safety', total: 1, due: 0, new: 1, retention: 0.9 }] });
    await store.open();
    await screen.findAllByTestId('card-row');
    return userEvent.setup();
  }

  const row = (prompt: string) => screen.getAllByTestId('card-row').find((r) => r.textContent?.includes(prompt))!;

  it('lists cards with deck, state and when they are due', async () => {
    await renderView();
    expect(screen.getByTestId('cards-total')).toHaveTextContent('2 cards');
    const a = row('Undo a commit?');
    expect(within(a).getByTestId('card-row-deck')).toHaveTextContent('Git');
    expect(within(a).getByTestId('card-row-state')).toHaveTextContent('Review');
    expect(within(a).getByTestId('card-row-due')).toHaveTextContent('due in 3 days');
    const b = row('Hard hats?');
    expect(within(b).getByTestId('card-row-state')).toHaveTextContent('New');
    expect(within(b).queryByTestId('card-row-due')).toBeNull();
  });

  it('filters by deck, state and text', async () => {
    const user = await renderView();
    await user.selectOptions(screen.getByTestId('cards-filter-deck'), 'Safety');
    await waitFor(() => expect(screen.getAllByTestId('card-row')).toHaveLength(1));
    expect(fake.lastArgs('cards')).toEqual([{ deck: 'Safety', text: '', state: '', limit: 25, offset: 0 }]);
    await user.selectOptions(screen.getByTestId('cards-filter-deck'), '');
    await user.selectOptions(screen.getByTestId('cards-filter-state'), 'review');
    await waitFor(() => expect(fake.lastArgs('cards')).toEqual([{ deck: '', text: '', state: 'review', limit: 25, offset: 0 }]));
    await user.selectOptions(screen.getByTestId('cards-filter-state'), '');
    await user.type(screen.getByTestId('cards-filter-text'), 'zones');
    await waitFor(() => expect(fake.lastArgs('cards')?.[0]).toMatchObject({ text: 'zones' }));
    await waitFor(() => expect(screen.getAllByTestId('card-row')).toHaveLength(1));
    await user.clear(screen.getByTestId('cards-filter-text'));
    await user.type(screen.getByTestId('cards-filter-text'), 'nothing like it');
    expect(await screen.findByTestId('cards-empty')).toHaveTextContent('No cards match');
  });

  it('writes a new card, prompt and answer required, and shows Go refusing one', async () => {
    const user = await renderView();
    await user.click(screen.getByTestId('new-card'));
    const form = screen.getByTestId('new-card-form');
    const prompt = within(form).getByLabelText('Prompt');
    await waitFor(() => expect(prompt).toHaveFocus());
    await user.click(within(form).getByTestId('card-save'));
    expect(prompt).toHaveAttribute('aria-invalid', 'true');
    expect(prompt).toHaveAccessibleDescription('Write a prompt: the question you will see.');
    expect(within(form).getByLabelText('Answer')).toHaveAttribute('aria-invalid', 'true');
    expect(fake.count('createCard')).toBe(0);

    await user.type(prompt, 'Port of SSH?');
    await user.type(within(form).getByLabelText('Answer'), '22');
    const deck = within(form).getByLabelText('Deck');
    expect(deck).toHaveValue('General');
    await user.clear(deck);
    await user.type(deck, 'Network');
    fake.fail('createCard', 'invalid: the deck name is too long');
    await user.click(within(form).getByTestId('card-save'));
    expect(await within(form).findByRole('alert')).toHaveTextContent('the deck name is too long');

    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() => expect(fake.lastArgs('createCard')).toEqual([{ deck: 'Network', prompt: 'Port of SSH?', answer: '22', sourceItemId: '' }]));
    expect(await screen.findByTestId('card-form-saved')).toHaveTextContent('Card added');
    // Ready for the next card in the same deck.
    expect(within(form).getByLabelText('Prompt')).toHaveValue('');
    expect(within(form).getByLabelText('Deck')).toHaveValue('Network');
    await waitFor(() => expect(screen.getAllByTestId('card-row')).toHaveLength(3));
    expect(screen.getByTestId('cards-total')).toHaveTextContent('3 cards');
  });

  it('edits a card in place', async () => {
    const user = await renderView();
    await user.click(within(row('Hard hats?')).getByRole('button', { name: 'Edit card' }));
    const form = screen.getByTestId('card-edit-form');
    const answer = within(form).getByLabelText('Answer');
    expect(answer).toHaveValue('Always\nin zones');
    await user.clear(answer);
    await user.click(within(form).getByTestId('card-save'));
    expect(answer).toHaveAttribute('aria-invalid', 'true');
    await user.type(answer, 'In every marked zone');
    await user.click(within(form).getByTestId('card-save'));
    await waitFor(() => expect(screen.queryByTestId('card-edit-form')).toBeNull());
    expect(fake.lastArgs('updateCard')).toEqual(['b', { deck: 'Safety', prompt: 'Hard hats?', answer: 'In every marked zone', sourceItemId: '' }]);
    expect(row('Hard hats?')).toHaveTextContent('In every marked zone');

    // Esc cancels an edit.
    await user.click(within(row('Hard hats?')).getByRole('button', { name: 'Edit card' }));
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('card-edit-form')).toBeNull();
    expect(fake.count('updateCard')).toBe(1);
  });

  it('suspends, unsuspends and deletes after a confirmation', async () => {
    const user = await renderView();
    await user.click(within(row('Undo a commit?')).getByRole('button', { name: 'Suspend card' }));
    await waitFor(() => expect(within(row('Undo a commit?')).getByTestId('card-row-state')).toHaveTextContent('Suspended'));
    await user.click(within(row('Undo a commit?')).getByRole('button', { name: 'Unsuspend card' }));
    await waitFor(() => expect(within(row('Undo a commit?')).getByTestId('card-row-state')).toHaveTextContent('Review'));

    await user.click(within(row('Undo a commit?')).getByRole('button', { name: 'Delete card' }));
    const confirm = within(row('Undo a commit?')).getByTestId('card-delete-confirm');
    await waitFor(() => expect(confirm).toHaveFocus());
    await user.keyboard('{Escape}');
    expect(fake.count('deleteCard')).toBe(0);
    expect(within(row('Undo a commit?')).queryByTestId('card-delete-confirm')).toBeNull();

    await user.click(within(row('Undo a commit?')).getByRole('button', { name: 'Delete card' }));
    await user.click(within(row('Undo a commit?')).getByTestId('card-delete-confirm'));
    await waitFor(() => expect(screen.getAllByTestId('card-row')).toHaveLength(1));
    expect(fake.lastArgs('deleteCard')).toEqual(['a']);
  });

  it('pages through many cards', async () => {
    for (let i = 0; i < 30; i++) fake.reviews.add({ prompt: `P${i}`, answer: 'x' });
    const user = await renderView();
    expect(screen.getAllByTestId('card-row')).toHaveLength(25);
    expect(screen.getByTestId('cards-range')).toHaveTextContent('1–25 of 32');
    expect(screen.getByTestId('cards-prev')).toBeDisabled();
    await user.click(screen.getByTestId('cards-next'));
    await waitFor(() => expect(screen.getAllByTestId('card-row')).toHaveLength(7));
    expect(screen.getByTestId('cards-range')).toHaveTextContent('26–32 of 32');
    expect(screen.getByTestId('cards-next')).toBeDisabled();
  });

  it('says when there are no cards', async () => {
    fake.reviews.cards = [];
    render(CardsView, { store });
    await store.open();
    expect(await screen.findByTestId('cards-empty')).toHaveTextContent('No cards yet');
  });
});
