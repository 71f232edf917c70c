import { api, toApiError, type ApiError, type DesktopSettings, type DesktopStatus, type Unsubscribe } from '../api';

/** The days of the week as the settings show them, Monday first; `day` is Go's (0 = Sunday). */
export const WEEK: readonly { day: number; short: string; long: string }[] = [
  { day: 1, short: 'Mon', long: 'Monday' },
  { day: 2, short: 'Tue', long: 'Tuesday' },
  { day: 3, short: 'Wed', long: 'Wednesday' },
  { day: 4, short: 'Thu', long: 'Thursday' },
  { day: 5, short: 'Fri', long: 'Friday' },
  { day: 6, short: 'Sat', long: 'Saturday' },
  { day: 0, short: 'Sun', long: 'Sunday' },
];

/** Work days as Go takes them: each once, 0 (Sunday) to 6 (Saturday), in order. */
export function workDays(checked: Iterable<number>): number[] {
  return [...new Set(checked)].filter((d) => Number.isInteger(d) && d >= 0 && d <= 6).sort((a, b) => a - b);
}

/**
 * The desktop integration: what the tray, notifications, global shortcut and
 * autostart can do (DesktopService.Status, re-read on desktop:changed), and
 * the settings the Settings view edits.
 */
export class DesktopStore {
  status = $state<DesktopStatus | null>(null);
  settings = $state<DesktopSettings | null>(null);
  /** Why the status or the settings could not be read. */
  error = $state<ApiError | null>(null);
  #statusSeq = 0;

  /** Follows desktop:changed; returns a cleanup. */
  listen(): Unsubscribe {
    return api.onDesktopChanged(() => void this.loadStatus());
  }

  /** The global shortcut when it works, else "". */
  get shortcut(): string {
    return this.status?.shortcutActive ? this.status.shortcut : '';
  }

  /** The first-run question is still to be asked. */
  get askAutostart(): boolean {
    return !!this.status && !this.status.autostartAsked;
  }

  async loadStatus(): Promise<void> {
    const seq = ++this.#statusSeq;
    try {
      const s = await api.desktopStatus();
      if (seq === this.#statusSeq) this.status = s;
    } catch (e) {
      if (seq === this.#statusSeq) this.error = toApiError(e);
    }
  }

  async loadSettings(): Promise<DesktopSettings | null> {
    try {
      this.settings = await api.desktopSettings();
      this.error = null;
    } catch (e) {
      this.error = toApiError(e);
    }
    return this.settings;
  }

  /** Saves and applies the settings; resolves to why Go refused them, or null. */
  async save(s: DesktopSettings): Promise<ApiError | null> {
    const payload: DesktopSettings = {
      closeToTray: s.closeToTray,
      autostart: s.autostart,
      shortcut: s.shortcut.trim(),
      reminders: { ...s.reminders, workDays: workDays(s.reminders.workDays) },
    };
    try {
      const status = await api.saveDesktopSettings(payload);
      ++this.#statusSeq;
      this.status = status;
      // Go normalises the shortcut's spelling; show what it stored.
      this.settings = { ...payload, shortcut: status.shortcut };
      return null;
    } catch (e) {
      return toApiError(e);
    }
  }

  /** Answers "Start Inflow when you log in?"; resolves to why Go refused, or null. */
  async answerAutostart(enable: boolean): Promise<ApiError | null> {
    try {
      const status = await api.answerAutostart(enable);
      ++this.#statusSeq;
      this.status = status;
      if (this.settings) this.settings = { ...this.settings, autostart: status.autostart };
      return null;
    } catch (e) {
      return toApiError(e);
    }
  }

  /** Silences reminders for an hour; resolves to why Go refused, or null. */
  async snooze(): Promise<ApiError | null> {
    try {
      await api.snoozeReminders();
      return null;
    } catch (e) {
      return toApiError(e);
    }
  }
}
