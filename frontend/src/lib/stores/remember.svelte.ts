import { api, toApiError, type ApiError, type Card, type CardInput } from '../api';

/**
 * The cards made from the item being read: "Remember this" (cards from its
 * key points) and "Make a card" (from a selection). Answers for an item that
 * is no longer shown are dropped.
 */
export class RememberStore {
  itemId = $state('');
  cards = $state<Card[]>([]);
  /** "Remember this" is on its way. */
  busy = $state(false);
  error = $state<ApiError | null>(null);

  /** Whether the item has cards already. */
  get remembered(): boolean {
    return this.cards.length > 0;
  }

  /** Loads the cards made from itemId. */
  async load(itemId: string): Promise<void> {
    if (itemId !== this.itemId) {
      this.itemId = itemId;
      this.cards = [];
      this.error = null;
      this.busy = false;
    }
    try {
      const cards = await api.cardsForItem(itemId);
      if (itemId === this.itemId) this.cards = cards;
    } catch {
      // Not knowing the cards only hides the count; "Remember this" still works.
    }
  }

  /** Makes cards from the item's key points (Go adds none twice). */
  async remember(): Promise<void> {
    const itemId = this.itemId;
    if (!itemId || this.busy) return;
    this.busy = true;
    this.error = null;
    try {
      const made = await api.cardsFromItem(itemId);
      if (itemId !== this.itemId) return;
      const have = new Set(made.map((c) => c.id));
      this.cards = [...made, ...this.cards.filter((c) => !have.has(c.id))];
    } catch (e) {
      if (itemId === this.itemId) this.error = toApiError(e);
    } finally {
      if (itemId === this.itemId) this.busy = false;
    }
  }

  /** Makes one card from the item; resolves to why Go refused it, or null. */
  async makeCard(input: Omit<CardInput, 'sourceItemId'>): Promise<ApiError | null> {
    const itemId = this.itemId;
    try {
      const card = await api.createCard({ ...input, sourceItemId: itemId });
      if (itemId === this.itemId) this.cards = [...this.cards, card];
      return null;
    } catch (e) {
      return toApiError(e);
    }
  }
}
