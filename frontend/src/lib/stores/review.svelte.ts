import { api, ApiError, toApiError, type ReviewHome, type ReviewSettings } from '../api';
import { ReviewSession, type SessionOptions } from './session.svelte';

/** The bounds the settings form checks before asking Go. */
export const LIMITS = {
  weeklyGoalMinutes: { min: 1, max: 1000 },
  newPerDay: { min: 0, max: 9999 },
  reviewsPerDay: { min: 0, max: 99999 },
  retention: { min: 0.7, max: 0.99 },
} as const;

/** Why a weekly goal is not acceptable, or "" when it is. */
export function goalProblem(minutes: number): string {
  const { min, max } = LIMITS.weeklyGoalMinutes;
  return Number.isInteger(minutes) && minutes >= min && minutes <= max ? '' : `Enter a whole number of minutes from ${min} to ${max}.`;
}

/** Why a target retention is not acceptable, or "" when it is. */
export function retentionProblem(r: number): string {
  const { min, max } = LIMITS.retention;
  return Number.isFinite(r) && r >= min - 1e-9 && r <= max + 1e-9
    ? ''
    : `Enter a retention from ${min.toFixed(2)} to ${max.toFixed(2)}.`;
}

/** Why a daily limit is not acceptable, or "" when it is. */
export function limitProblem(n: number, which: 'newPerDay' | 'reviewsPerDay'): string {
  const { min, max } = LIMITS[which];
  return Number.isInteger(n) && n >= min && n <= max ? '' : `Enter a whole number from ${min} to ${max}.`;
}

/**
 * The review dashboard (due counts, forecast, this week's work, decks), the
 * review settings, and the review session. Refreshes asked for while one is
 * on its way are folded into a single follow-up request.
 */
export class ReviewStore {
  home = $state<ReviewHome | null>(null);
  loading = $state(false);
  error = $state<ApiError | null>(null);
  settings = $state<ReviewSettings | null>(null);
  session: ReviewSession;
  #inFlight: Promise<void> | null = null;
  #again = false;

  constructor(opts: Pick<SessionOptions, 'now'> = {}) {
    this.session = new ReviewSession({ now: opts.now, onChange: () => void this.refresh() });
  }

  /** Cards to review now; the sidebar badge. */
  get dueNow(): number {
    return this.home?.dueNow ?? 0;
  }

  /** Whether a session would have anything to show: due cards or new ones. */
  get canReview(): boolean {
    return !!this.home && this.home.dueNow + this.home.newAvailable > 0;
  }

  /** Reloads the dashboard; resolves when the data on screen is current. */
  refresh(): Promise<void> {
    this.#again = true;
    this.#inFlight ??= this.#load();
    return this.#inFlight;
  }

  async #load(): Promise<void> {
    this.loading = true;
    try {
      while (this.#again) {
        this.#again = false;
        try {
          this.home = await api.reviewHome();
          this.error = null;
        } catch (e) {
          this.error = toApiError(e);
        }
      }
    } finally {
      // In the same turn as the last check of #again: a refresh asked for
      // from now on starts a new load.
      this.#inFlight = null;
      this.loading = false;
    }
  }

  async loadSettings(): Promise<ReviewSettings | null> {
    try {
      this.settings = await api.reviewSettings();
    } catch (e) {
      this.error = toApiError(e);
    }
    return this.settings;
  }

  /** Saves the settings; resolves to why Go refused them, or null. */
  async saveSettings(s: ReviewSettings): Promise<ApiError | null> {
    // Only the four fields: anything else Go keeps (per-deck retention has its own call).
    const { weeklyGoalMinutes, newPerDay, reviewsPerDay, defaultRetention } = s;
    try {
      this.settings = await api.saveReviewSettings({ weeklyGoalMinutes, newPerDay, reviewsPerDay, defaultRetention });
      if (this.home) this.home.weeklyGoalMinutes = this.settings.weeklyGoalMinutes;
      void this.refresh();
      return null;
    } catch (e) {
      return toApiError(e);
    }
  }

  /** Changes only the weekly goal. */
  async setWeeklyGoal(minutes: number): Promise<ApiError | null> {
    const problem = goalProblem(minutes);
    if (problem) return new ApiError('invalid', problem);
    const current = this.settings ?? (await this.loadSettings());
    if (!current) return this.error ?? new ApiError('internal', 'the settings could not be loaded');
    return this.saveSettings({ ...current, weeklyGoalMinutes: minutes });
  }

  /** Sets a deck's target retention; resolves to why Go refused it, or null. */
  async setDeckRetention(deck: string, retention: number): Promise<ApiError | null> {
    const problem = retentionProblem(retention);
    if (problem) return new ApiError('invalid', problem);
    try {
      await api.setDeckRetention(deck, retention);
      void this.refresh();
      return null;
    } catch (e) {
      return toApiError(e);
    }
  }
}
