import { api, toApiError, type ApiError, type Rating, type ReviewPrompt } from '../api';

/**
 * Where a review session is:
 * idle → loading → prompt → revealed → answering → prompt … → summary.
 * `undoing` while an undo is on its way; `error` when the next card could not be fetched.
 */
export type SessionPhase = 'idle' | 'loading' | 'prompt' | 'revealed' | 'answering' | 'undoing' | 'summary' | 'error';

/** The longest time one answer counts for: a card left on screen during a break adds no more. */
export const MAX_ANSWER_MS = 60_000;

/** What a session has done so far. */
export interface Tally {
  again: number;
  hard: number;
  good: number;
  easy: number;
  /** Cards answered. */
  reviewed: number;
  /** Time spent answering, each answer capped at MAX_ANSWER_MS. */
  ms: number;
}

const emptyTally = (): Tally => ({ again: 0, hard: 0, good: 0, easy: 0, reviewed: 0, ms: 0 });

/** The last answer, kept so it can be undone. */
interface Answered {
  eventId: string;
  prompt: ReviewPrompt;
  rating: Rating;
  durationMs: number;
}

export interface SessionOptions {
  /** The clock, in milliseconds; tests inject one. */
  now?: () => number;
  /** Called after every answer and undo (to refresh the due counts). */
  onChange?: () => void;
}

/**
 * One review session: it asks Go for the next card, reveals it, records the
 * rating with the time it took, and can undo the last answer (the card is
 * shown again with the intervals it had). A response that arrives after the
 * session was stopped or restarted is dropped.
 */
export class ReviewSession {
  phase = $state<SessionPhase>('idle');
  /** "" reviews every deck. */
  deck = $state('');
  prompt = $state<ReviewPrompt | null>(null);
  tally = $state<Tally>(emptyTally());
  /** Why the last action failed, shown until the next one. */
  error = $state<ApiError | null>(null);
  #last = $state<Answered | null>(null);
  #shownAt = 0;
  #seq = 0;
  #now: () => number;
  #onChange: () => void;

  constructor(opts: SessionOptions = {}) {
    this.#now = opts.now ?? (() => Date.now());
    this.#onChange = opts.onChange ?? (() => {});
  }

  /** Whether there is an answer to undo now. */
  get canUndo(): boolean {
    return !!this.#last && (this.phase === 'prompt' || this.phase === 'revealed' || this.phase === 'summary');
  }

  /** Whether the session is under way (a card is shown or on its way). */
  get active(): boolean {
    return this.phase !== 'idle' && this.phase !== 'summary';
  }

  /** Starts a new session of deck. */
  async start(deck: string): Promise<void> {
    const seq = ++this.#seq;
    this.deck = deck;
    this.tally = emptyTally();
    this.#last = null;
    this.prompt = null;
    this.error = null;
    this.phase = 'loading';
    await this.#next(seq);
  }

  /** Goes on with an unfinished session of deck, or starts one. */
  async open(deck: string): Promise<void> {
    if (this.active && this.phase !== 'error' && this.deck === deck) {
      if (this.phase === 'prompt' || this.phase === 'revealed') this.#shownAt = this.#now();
      return;
    }
    await this.start(deck);
  }

  /** Ends the session; late responses are ignored. */
  stop(): void {
    ++this.#seq;
    this.phase = 'idle';
    this.prompt = null;
    this.#last = null;
  }

  /** Shows the answer. */
  reveal(): void {
    if (this.phase === 'prompt') this.phase = 'revealed';
  }

  /** Records the rating of the revealed card and fetches the next one. */
  async answer(rating: Rating): Promise<void> {
    const prompt = this.prompt;
    if (this.phase !== 'revealed' || !prompt) return;
    const seq = this.#seq;
    const durationMs = Math.min(MAX_ANSWER_MS, Math.max(0, this.#now() - this.#shownAt));
    this.phase = 'answering';
    this.error = null;
    try {
      const res = await api.answerReview(prompt.card.id, rating, durationMs);
      if (seq !== this.#seq) return;
      this.#count(rating, durationMs, 1);
      this.#last = { eventId: res.eventId, prompt, rating, durationMs };
      this.#onChange();
    } catch (e) {
      if (seq !== this.#seq) return;
      this.error = toApiError(e);
      this.phase = 'revealed';
      return;
    }
    await this.#next(seq);
  }

  /** Undoes the last answer and shows that card again. */
  async undo(): Promise<void> {
    const last = this.#last;
    if (!last || !this.canUndo) return;
    const seq = this.#seq;
    const before = this.phase;
    this.phase = 'undoing';
    this.error = null;
    try {
      const card = await api.undoReview(last.eventId);
      if (seq !== this.#seq) return;
      this.#count(last.rating, last.durationMs, -1);
      this.#last = null;
      this.#show({ ...last.prompt, card });
      this.#onChange();
    } catch (e) {
      if (seq !== this.#seq) return;
      this.error = toApiError(e);
      this.phase = before;
    }
  }

  /** Tries again to fetch the next card after a failure. */
  async retry(): Promise<void> {
    if (this.phase !== 'error') return;
    this.phase = 'loading';
    this.error = null;
    await this.#next(this.#seq);
  }

  #count(rating: Rating, ms: number, sign: 1 | -1): void {
    const t = this.tally;
    this.tally = { ...t, [rating]: t[rating] + sign, reviewed: t.reviewed + sign, ms: t.ms + sign * ms };
  }

  #show(prompt: ReviewPrompt): void {
    this.prompt = prompt;
    this.phase = 'prompt';
    this.#shownAt = this.#now();
  }

  async #next(seq: number): Promise<void> {
    try {
      const next = await api.nextReview(this.deck);
      if (seq !== this.#seq) return;
      if (next) this.#show(next);
      else {
        this.prompt = null;
        this.phase = 'summary';
      }
    } catch (e) {
      if (seq !== this.#seq) return;
      this.error = toApiError(e);
      this.phase = 'error';
    }
  }
}
