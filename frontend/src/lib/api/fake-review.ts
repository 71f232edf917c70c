// The review half of FakeApi: cards, answers and a small deterministic
// scheduler (not FSRS) that is good enough to drive the UI in tests and in
// the `?fake` preview. Learning steps: again 1m, hard 6m, good 10m (new) or
// 1d, easy 4d; a card in review multiplies its interval by 1.2 / 2.5 / 3.5, and
// again sends it to relearning for 10m.
import { ApiError } from './errors';
import type {
  AnswerResult,
  Card,
  CardInput,
  CardList,
  CardQuery,
  CardSource,
  DeckSummary,
  ForecastDay,
  Intervals,
  Rating,
  ReviewHome,
  ReviewPrompt,
  ReviewSettings,
} from './types';
import { RATINGS } from './types';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** One recorded answer, with the card as it was before, for Undo. */
export interface FakeReviewEvent {
  id: string;
  cardId: string;
  rating: Rating;
  at: number;
  durationMs: number;
  before: Card;
}

export const DEFAULT_REVIEW_SETTINGS: ReviewSettings = {
  weeklyGoalMinutes: 60,
  newPerDay: 20,
  reviewsPerDay: 200,
  defaultRetention: 0.9,
};

/** "1m", "6h", "3d", "2.3mo", "1.5y". */
export function intervalLabel(ms: number): string {
  const days = ms / DAY;
  if (ms < HOUR) return `${Math.max(1, Math.round(ms / MINUTE))}m`;
  if (ms < DAY) return `${Math.round(ms / HOUR)}h`;
  if (days < 30) return `${Math.round(days)}d`;
  if (days < 365) return `${+(days / 30).toFixed(1)}mo`;
  return `${+(days / 365).toFixed(1)}y`;
}

/** How long until a card answered with r is due again. */
export function nextInterval(c: Card, r: Rating): number {
  if (c.state === 'review') {
    const days = Math.max(1, c.stability);
    return { again: 10 * MINUTE, hard: days * 1.2 * DAY, good: days * 2.5 * DAY, easy: days * 3.5 * DAY }[r];
  }
  return { again: MINUTE, hard: 6 * MINUTE, good: c.state === 'new' ? 10 * MINUTE : DAY, easy: 4 * DAY }[r];
}

/** The card after answering r at now. */
export function schedule(c: Card, r: Rating, now: number): Card {
  const step = nextInterval(c, r);
  const graduated = step >= DAY;
  const state =
    c.state === 'review' ? (r === 'again' ? 'relearning' : 'review') : graduated ? 'review' : c.state === 'relearning' ? 'relearning' : 'learning';
  return {
    ...c,
    state,
    due: new Date(now + step).toISOString(),
    stability: state === 'review' ? step / DAY : c.stability,
    difficulty: Math.min(10, Math.max(1, c.difficulty + { again: 1, hard: 0.5, good: 0, easy: -0.5 }[r])),
    reps: c.reps + 1,
    lapses: c.lapses + (c.state === 'review' && r === 'again' ? 1 : 0),
    lastReview: new Date(now).toISOString(),
  };
}

function startOfDay(t: number, plusDays = 0): number {
  const d = new Date(t);
  d.setHours(0, 0, 0, 0);
  d.setDate(d.getDate() + plusDays);
  return d.getTime();
}

/** YYYY-MM-DD in local time. */
export function localDate(t: number): string {
  const d = new Date(t);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

const time = (iso: string) => new Date(iso).getTime();
const copy = (c: Card): Card => ({ ...c, source: { ...c.source } });

/** Cards, settings and the answer log, kept in memory. */
export class FakeReviews {
  cards: Card[] = [];
  events: FakeReviewEvent[] = [];
  settings: ReviewSettings = { ...DEFAULT_REVIEW_SETTINGS };
  deckRetention = new Map<string, number>();
  /** The clock; tests replace it. */
  now: () => number;
  #seq = 0;

  constructor(now: () => number = () => Date.now()) {
    this.now = now;
  }

  /** Adds a card directly (for tests); fields default to a new hand-written card. */
  add(p: Partial<Card> & { prompt: string; answer: string }): Card {
    const now = this.now();
    const c: Card = {
      id: `card-${++this.#seq}`,
      deck: 'General',
      source: { kind: 'person', id: '', title: '' },
      created: new Date(now).toISOString(),
      state: 'new',
      due: new Date(now).toISOString(),
      stability: 0,
      difficulty: 5,
      reps: 0,
      lapses: 0,
      suspended: false,
      ...p,
    };
    this.cards.push(c);
    return copy(c);
  }

  find(id: string): Card {
    const c = this.cards.find((c) => c.id === id);
    if (!c) throw new ApiError('not_found', `card ${id} not found`);
    return c;
  }

  #check(input: CardInput): { deck: string; prompt: string; answer: string } {
    const prompt = input.prompt.trim();
    const answer = input.answer.trim();
    if (!prompt) throw new ApiError('invalid', 'a card needs a prompt');
    if (!answer) throw new ApiError('invalid', 'a card needs an answer');
    return { deck: input.deck.trim() || 'General', prompt, answer };
  }

  create(input: CardInput, source: CardSource): Card {
    return this.add({ ...this.#check(input), source });
  }

  update(id: string, input: CardInput): Card {
    const c = this.find(id);
    Object.assign(c, this.#check(input));
    return copy(c);
  }

  setSuspended(id: string, on: boolean): Card {
    const c = this.find(id);
    c.suspended = on;
    return copy(c);
  }

  remove(id: string): void {
    this.find(id);
    this.cards = this.cards.filter((c) => c.id !== id);
  }

  fromItem(itemId: string): Card[] {
    return this.cards.filter((c) => c.source.kind === 'item' && c.source.id === itemId).map(copy);
  }

  /** Cards that can be reviewed now in deck, in order, within today's limits. */
  available(deck: string): Card[] {
    const now = this.now();
    const today = this.events.filter((e) => e.at >= startOfDay(now));
    const newDone = today.filter((e) => e.before.state === 'new').length;
    const reviewsDone = today.length - newDone;
    const pool = this.cards.filter((c) => !c.suspended && (!deck || c.deck === deck));
    const due = pool
      .filter((c) => c.state !== 'new' && time(c.due) <= now)
      .sort((a, b) => time(a.due) - time(b.due))
      .slice(0, Math.max(0, this.settings.reviewsPerDay - reviewsDone));
    const fresh = pool.filter((c) => c.state === 'new').slice(0, Math.max(0, this.settings.newPerDay - newDone));
    return [...due, ...fresh];
  }

  next(deck: string): ReviewPrompt | null {
    const list = this.available(deck);
    const c = list[0];
    if (!c) return null;
    const intervals = Object.fromEntries(RATINGS.map((r) => [r, intervalLabel(nextInterval(c, r))])) as Intervals;
    return { card: copy(c), remaining: list.length, intervals };
  }

  answer(cardId: string, rating: Rating, durationMs: number): AnswerResult {
    if (!RATINGS.includes(rating)) throw new ApiError('invalid', `unknown rating ${rating}`);
    const c = this.find(cardId);
    const now = this.now();
    const ev: FakeReviewEvent = { id: `ev-${++this.#seq}`, cardId, rating, at: now, durationMs, before: copy(c) };
    this.events.push(ev);
    Object.assign(c, schedule(c, rating, now));
    return { eventId: ev.id, card: copy(c) };
  }

  undo(eventId: string): Card {
    const ev = this.events.find((e) => e.id === eventId);
    if (!ev) throw new ApiError('not_found', `review ${eventId} not found`);
    const c = this.find(ev.cardId);
    this.events = this.events.filter((e) => e !== ev);
    Object.assign(c, ev.before, { due: new Date(this.now()).toISOString() });
    return copy(c);
  }

  home(): ReviewHome {
    const now = this.now();
    const live = this.cards.filter((c) => !c.suspended);
    const scheduled = live.filter((c) => c.state !== 'new');
    const forecast: ForecastDay[] = [];
    for (let i = 0; i < 7; i++) {
      const from = i === 0 ? -Infinity : startOfDay(now, i);
      const to = startOfDay(now, i + 1);
      forecast.push({ date: localDate(startOfDay(now, i)), count: scheduled.filter((c) => time(c.due) >= from && time(c.due) < to).length });
    }
    const available = this.available('');
    const d = new Date(startOfDay(now));
    const weekStart = startOfDay(now, -((d.getDay() + 6) % 7));
    const week = this.events.filter((e) => e.at >= weekStart);
    const decks: DeckSummary[] = [...new Set(this.cards.map((c) => c.deck))].sort().map((name) => {
      const mine = live.filter((c) => c.deck === name);
      return {
        name,
        total: this.cards.filter((c) => c.deck === name).length,
        due: mine.filter((c) => c.state !== 'new' && time(c.due) <= now).length,
        new: mine.filter((c) => c.state === 'new').length,
        retention: this.deckRetention.get(name) ?? this.settings.defaultRetention,
      };
    });
    return {
      dueNow: available.filter((c) => c.state !== 'new').length,
      dueToday: forecast[0].count,
      newAvailable: available.filter((c) => c.state === 'new').length,
      totalCards: this.cards.length,
      forecast,
      reviewsThisWeek: week.length,
      secondsThisWeek: Math.round(week.reduce((s, e) => s + e.durationMs, 0) / 1000),
      weeklyGoalMinutes: this.settings.weeklyGoalMinutes,
      decks,
    };
  }

  list(q: CardQuery): CardList {
    const now = this.now();
    const text = q.text.trim().toLowerCase();
    const all = [...this.cards].reverse().filter((c) => {
      if (q.deck && c.deck !== q.deck) return false;
      if (text && !`${c.prompt}\n${c.answer}`.toLowerCase().includes(text)) return false;
      if (q.state === 'suspended') return c.suspended;
      if (q.state === 'due') return !c.suspended && c.state !== 'new' && time(c.due) <= now;
      return !q.state || c.state === q.state;
    });
    const limit = q.limit || 50;
    return { cards: all.slice(q.offset, q.offset + limit).map(copy), total: all.length };
  }

  saveSettings(s: ReviewSettings): ReviewSettings {
    const int = (v: number, lo: number, hi: number) => Number.isInteger(v) && v >= lo && v <= hi;
    if (!int(s.weeklyGoalMinutes, 1, 1000)) throw new ApiError('invalid', 'the weekly goal must be 1 to 1000 minutes');
    if (!int(s.newPerDay, 0, 9999)) throw new ApiError('invalid', 'new cards per day must be 0 to 9999');
    if (!int(s.reviewsPerDay, 0, 99999)) throw new ApiError('invalid', 'reviews per day must be 0 to 99999');
    checkRetention(s.defaultRetention);
    this.settings = { ...s };
    return { ...s };
  }

  setDeckRetention(deck: string, retention: number): void {
    checkRetention(retention);
    if (!this.cards.some((c) => c.deck === deck)) throw new ApiError('not_found', `deck ${deck} not found`);
    this.deckRetention.set(deck, retention);
  }
}

function checkRetention(r: number): void {
  if (!(r >= 0.7 && r <= 0.99)) throw new ApiError('invalid', 'retention must be between 0.70 and 0.99');
}
