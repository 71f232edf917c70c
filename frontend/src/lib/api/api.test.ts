import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, getApi, parseError, setApi, toApiError } from './index';
import { FakeApi } from './fake';
import { createWailsApi, type WailsRuntime, type WailsServices } from './wails';

describe('parseError', () => {
  it('splits "code: message" for every known code', () => {
    for (const code of ['conflict', 'internal', 'invalid', 'not_found', 'locked', 'too_large'] as const) {
      const e = parseError(`${code}: something: with colons`);
      expect(e).toBeInstanceOf(ApiError);
      expect(e).toBeInstanceOf(Error);
      expect(e.code).toBe(code);
      expect(e.message).toBe('something: with colons');
    }
  });

  it('treats unknown codes and plain text as internal, keeping the text', () => {
    expect(parseError('bogus: nope')).toMatchObject({ code: 'internal', message: 'bogus: nope' });
    expect(parseError('exploded')).toMatchObject({ code: 'internal', message: 'exploded' });
  });
});

describe('toApiError', () => {
  it('accepts strings, Errors, code objects and ApiErrors', () => {
    const same = new ApiError('locked', 'x');
    expect(toApiError(same)).toBe(same);
    expect(toApiError('not_found: item a')).toMatchObject({ code: 'not_found', message: 'item a' });
    expect(toApiError(new Error('invalid: bad'))).toMatchObject({ code: 'invalid', message: 'bad' });
    expect(toApiError({ code: 'conflict', message: 'busy' })).toMatchObject({ code: 'conflict', message: 'busy' });
    expect(toApiError(42)).toMatchObject({ code: 'internal', message: '42' });
  });
});

function fakeWindow(services: Partial<Record<keyof WailsServices, object>>, runtime: Partial<WailsRuntime> = {}) {
  window.go = { app: services as unknown as WailsServices };
  window.runtime = runtime as WailsRuntime;
}

describe('the Wails implementation', () => {
  afterEach(() => {
    delete window.go;
    delete window.runtime;
  });

  it('turns a rejected call into a typed ApiError', async () => {
    fakeWindow({ LibraryService: { Open: () => Promise.reject('not_found: item x not found') } });
    const err = await createWailsApi().open('x').catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe('not_found');
    expect(err.message).toBe('item x not found');
  });

  it('rejects with an ApiError when the backend is missing', async () => {
    const err = await createWailsApi().info().catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe('internal');
  });

  it('calls the bound methods with their arguments', async () => {
    const search = vi.fn().mockResolvedValue({ query: 'q', filters: null, total: 0, hits: null, tookMs: 1 });
    const browse = vi.fn().mockResolvedValue({ items: null, total: 0 });
    const recent = vi.fn().mockResolvedValue(null);
    const remember = vi.fn().mockResolvedValue(null);
    const clearRecent = vi.fn().mockResolvedValue(null);
    fakeWindow({
      SearchService: { Search: search, Recent: recent, Remember: remember, ClearRecent: clearRecent },
      LibraryService: { Browse: browse },
    });
    const a = createWailsApi();
    const req = { query: 'q kind:rule', language: 'en', limit: 7, offset: 14, facets: true };
    expect(await a.search(req)).toEqual({ query: 'q', filters: [], total: 0, hits: [], tookMs: 1 });
    expect(search).toHaveBeenCalledWith(req);
    expect(await a.recentSearches()).toEqual([]);
    expect(recent).toHaveBeenCalledOnce();
    expect(await a.rememberSearch('tar kind:snippet')).toBeUndefined();
    expect(remember).toHaveBeenCalledWith('tar kind:snippet');
    expect(await a.clearRecentSearches()).toBeUndefined();
    expect(clearRecent).toHaveBeenCalledOnce();
    expect(await a.browse({ language: 'en', tag: 't', offset: 50, limit: 50 })).toEqual({ items: [], total: 0 });
    expect(browse).toHaveBeenCalledWith({ language: 'en', tag: 't', offset: 50, limit: 50 });
  });

  it('replaces the nulls Go sends in search results, facets included', async () => {
    fakeWindow({
      SearchService: {
        Search: () =>
          Promise.resolve({
            query: 'x',
            filters: [{ field: 'kind', value: 'rule' }],
            total: 1,
            hits: [{ id: 'a', title: 'A', kind: 'rule', topic: '', language: 'en', snippet: 'a', score: 1 }],
            facets: { kinds: [{ value: 'rule', count: 1 }], topics: null, languages: null, tags: null },
            suggestion: 'y',
            tookMs: 2,
          }),
      },
    });
    const r = await createWailsApi().search({ query: 'x kind:rule', facets: true });
    expect(r.filters).toEqual([{ field: 'kind', value: 'rule' }]);
    expect(r.facets).toEqual({ kinds: [{ value: 'rule', count: 1 }], topics: [], languages: [], tags: [] });
    expect(r.suggestion).toBe('y');
    expect(r.hits).toHaveLength(1);
  });

  it('replaces the nulls Go sends for nil slices', async () => {
    fakeWindow({
      LibraryService: {
        Overview: () =>
          Promise.resolve({ language: 'en', languages: null, facets: { language: 'en', total: 0, kinds: null, topics: null, tags: null }, recent: null, bookmarks: [], packs: null }),
        Open: () => Promise.resolve({ id: 'a', title: 'A', kind: 'rule', tags: null, keyPoints: null, html: '<p>x</p>', source: {} }),
      },
      ImportService: { ChooseFiles: () => Promise.resolve(null) },
    });
    const a = createWailsApi();
    const ov = await a.overview('');
    expect(ov.languages).toEqual([]);
    expect(ov.facets.kinds).toEqual([]);
    expect(ov.recent).toEqual([]);
    expect(ov.packs).toEqual([]);
    const item = await a.open('a');
    expect(item.tags).toEqual([]);
    expect(item.keyPoints).toEqual([]);
    expect(await a.chooseFiles()).toEqual([]);
  });

  it('subscribes to events through the runtime and unsubscribes', () => {
    const off = vi.fn();
    const handlers = new Map<string, (d: unknown) => void>();
    fakeWindow({}, {
      EventsOn: (name: string, cb: (d: unknown) => void) => {
        handlers.set(name, cb);
        return off;
      },
    });
    const a = createWailsApi();
    const seen: unknown[] = [];
    const unsub = a.onImportProgress((p) => seen.push(p));
    a.onLibraryChanged(() => seen.push('changed'));
    a.onFailed((m) => seen.push(m));
    handlers.get('import:progress')!({ path: 'p', phase: 'reading', done: 1, total: 2 });
    handlers.get('library:changed')!(null);
    handlers.get('app:failed')!('locked: in use');
    expect(seen).toEqual([{ path: 'p', phase: 'reading', done: 1, total: 2 }, 'changed', 'locked: in use']);
    unsub();
    expect(off).toHaveBeenCalled();
  });

  it('calls the bound ReviewService and replaces the nulls Go sends', async () => {
    const goCard = {
      id: 'c1',
      deck: 'Git',
      prompt: 'P',
      answer: 'A',
      source: null,
      created: '2025-06-02T10:00:00Z',
      state: 'new',
      due: '2025-06-02T10:00:00Z',
      stability: 0,
      difficulty: 0,
      reps: 0,
      lapses: 0,
      suspended: false,
      lastReview: '0001-01-01T00:00:00Z',
      stepsLeft: 0,
    };
    const card = {
      ...goCard,
      source: { kind: 'person', id: '', title: '' },
    } as Record<string, unknown>;
    delete card.lastReview;
    const svc = {
      Home: vi.fn().mockResolvedValue({ dueNow: 1, dueToday: 1, newAvailable: 0, totalCards: 1, forecast: null, reviewsThisWeek: 0, secondsThisWeek: 0, weeklyGoalMinutes: 60, decks: null }),
      Next: vi.fn().mockResolvedValueOnce(null).mockResolvedValueOnce({ card: goCard, remaining: 3, intervals: { again: '1m', hard: '6m', good: '10m', easy: '4d' } }),
      Answer: vi.fn().mockResolvedValue({ eventId: 'e1', card: goCard }),
      Undo: vi.fn().mockResolvedValue(goCard),
      CreateCard: vi.fn().mockResolvedValue(goCard),
      CardsFromItem: vi.fn().mockResolvedValue(null),
      CardsForItem: vi.fn().mockResolvedValue([goCard]),
      UpdateCard: vi.fn().mockResolvedValue(goCard),
      SetSuspended: vi.fn().mockResolvedValue(goCard),
      DeleteCard: vi.fn().mockResolvedValue(null),
      Cards: vi.fn().mockResolvedValue({ cards: null, total: 0 }),
      Settings: vi.fn().mockResolvedValue({ weeklyGoalMinutes: 60, newPerDay: 20, reviewsPerDay: 200, defaultRetention: 0.9 }),
      SaveSettings: vi.fn().mockImplementation((s) => Promise.resolve(s)),
      SetDeckRetention: vi.fn().mockRejectedValue('invalid: retention must be between 0.70 and 0.99'),
    };
    fakeWindow({ ReviewService: svc });
    const a = createWailsApi();
    expect(await a.reviewHome()).toMatchObject({ forecast: [], decks: [] });
    expect(await a.nextReview('')).toBeNull();
    expect(await a.nextReview('Git')).toEqual({ card, remaining: 3, intervals: { again: '1m', hard: '6m', good: '10m', easy: '4d' } });
    expect(svc.Next).toHaveBeenLastCalledWith('Git');
    expect(await a.answerReview('c1', 'good', 1234.6)).toEqual({ eventId: 'e1', card });
    expect(svc.Answer).toHaveBeenCalledWith('c1', 'good', 1235);
    expect(await a.undoReview('e1')).toEqual(card);
    const input = { deck: 'Git', prompt: 'P', answer: 'A', sourceItemId: '' };
    expect(await a.createCard(input)).toEqual(card);
    expect(svc.CreateCard).toHaveBeenCalledWith(input);
    expect(await a.cardsFromItem('item')).toEqual([]);
    expect(await a.cardsForItem('item')).toEqual([card]);
    await a.updateCard('c1', input);
    expect(svc.UpdateCard).toHaveBeenCalledWith('c1', input);
    await a.setCardSuspended('c1', true);
    expect(svc.SetSuspended).toHaveBeenCalledWith('c1', true);
    expect(await a.deleteCard('c1')).toBeUndefined();
    const q = { deck: '', text: 'x', state: 'due' as const, limit: 25, offset: 0 };
    expect(await a.cards(q)).toEqual({ cards: [], total: 0 });
    expect(svc.Cards).toHaveBeenCalledWith(q);
    expect(await a.reviewSettings()).toMatchObject({ newPerDay: 20 });
    await a.saveReviewSettings({ weeklyGoalMinutes: 5, newPerDay: 1, reviewsPerDay: 2, defaultRetention: 0.8 });
    expect(svc.SaveSettings).toHaveBeenCalledWith({ weeklyGoalMinutes: 5, newPerDay: 1, reviewsPerDay: 2, defaultRetention: 0.8 });
    const err = await a.setDeckRetention('Git', 2).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe('invalid');
  });

  it('hears review:changed', () => {
    const handlers = new Map<string, (d: unknown) => void>();
    fakeWindow({}, { EventsOn: (name: string, cb: (d: unknown) => void) => (handlers.set(name, cb), () => {}) });
    let n = 0;
    createWailsApi().onReviewChanged(() => n++);
    handlers.get('review:changed')!(null);
    expect(n).toBe(1);
  });

  it('calls the bound WindowService and DesktopService, replacing the nulls Go sends', async () => {
    const status = { trayAvailable: true, notificationsAvailable: false, notificationsError: 'no service', shortcut: 'Ctrl+Shift+Space', shortcutActive: true, shortcutError: '', wayland: false, autostart: true, autostartAsked: true, closeToTray: true };
    const reminders = { enabled: true, workDays: null, workStart: '09:00', workEnd: '24:00', quietStart: '00:00', quietEnd: '00:00', dueThreshold: 10, overdueHours: 4, maxPerDay: 3, minGapMinutes: 90, courseIdleDays: 3, timeZone: '' };
    const win = {
      QuickSearch: vi.fn().mockResolvedValue(null),
      LeaveQuick: vi.fn().mockResolvedValue(null),
      Hide: vi.fn().mockResolvedValue(null),
      Show: vi.fn().mockResolvedValue(null),
      Quit: vi.fn().mockResolvedValue(null),
    };
    const desk = {
      Status: vi.fn().mockResolvedValue({ ...status, shortcut: null }),
      Settings: vi.fn().mockResolvedValue({ closeToTray: true, autostart: false, shortcut: '', reminders }),
      SaveSettings: vi.fn().mockResolvedValue(status),
      AnswerAutostart: vi.fn().mockRejectedValue('internal: read-only home'),
      Snooze: vi.fn().mockResolvedValue(null),
    };
    fakeWindow({ WindowService: win, DesktopService: desk });
    const a = createWailsApi();
    expect(await a.quickSearch()).toBeUndefined();
    expect(await a.leaveQuick(true)).toBeUndefined();
    expect(win.LeaveQuick).toHaveBeenCalledWith(true);
    await a.hideWindow();
    await a.showWindow();
    await a.quit();
    expect([win.QuickSearch, win.Hide, win.Show, win.Quit].map((f) => f.mock.calls.length)).toEqual([1, 1, 1, 1]);
    expect(await a.desktopStatus()).toEqual({ ...status, shortcut: '' });
    const settings = await a.desktopSettings();
    expect(settings.reminders.workDays).toEqual([]);
    expect(await a.saveDesktopSettings(settings)).toEqual(status);
    expect(desk.SaveSettings).toHaveBeenCalledWith(settings);
    const err = await a.answerAutostart(true).catch((e) => e);
    expect(err).toMatchObject({ code: 'internal', message: 'read-only home' });
    expect(desk.AnswerAutostart).toHaveBeenCalledWith(true);
    await a.snoozeReminders();
    expect(desk.Snooze).toHaveBeenCalledOnce();
  });

  it('hears quick:show, review:start and desktop:changed', () => {
    const handlers = new Map<string, (d: unknown) => void>();
    fakeWindow({}, { EventsOn: (name: string, cb: (d: unknown) => void) => (handlers.set(name, cb), () => {}) });
    const a = createWailsApi();
    const seen: unknown[] = [];
    a.onQuickShow((q) => seen.push(`quick ${q}`));
    a.onReviewStart(() => seen.push('review'));
    a.onDesktopChanged(() => seen.push('desktop'));
    handlers.get('quick:show')!({ query: 'tar czf' });
    handlers.get('quick:show')!(null);
    handlers.get('review:start')!(null);
    handlers.get('desktop:changed')!(undefined);
    expect(seen).toEqual(['quick tar czf', 'quick ', 'review', 'desktop']);
  });

  it('registers file drops for the whole window', () => {
    let dropped: ((x: number, y: number, paths: string[]) => void) | undefined;
    const OnFileDrop = vi.fn((cb, _useTarget: boolean) => (dropped = cb));
    const OnFileDropOff = vi.fn();
    fakeWindow({}, { OnFileDrop, OnFileDropOff });
    const got: string[][] = [];
    const off = createWailsApi().onFileDrop((p) => got.push(p));
    expect(OnFileDrop).toHaveBeenCalledWith(expect.any(Function), false);
    dropped!(1, 2, ['/a.md']);
    expect(got).toEqual([['/a.md']]);
    off();
    expect(OnFileDropOff).toHaveBeenCalled();
  });

  it('copies through the runtime and falls back to navigator.clipboard', async () => {
    const ClipboardSetText = vi.fn().mockResolvedValue(true);
    fakeWindow({}, { ClipboardSetText });
    await createWailsApi().copyText('ls -la');
    expect(ClipboardSetText).toHaveBeenCalledWith('ls -la');

    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    ClipboardSetText.mockResolvedValue(false);
    await createWailsApi().copyText('pwd');
    expect(writeText).toHaveBeenCalledWith('pwd');
  });
});

describe('setApi', () => {
  it('routes api calls to the injected implementation', async () => {
    const fake = new FakeApi();
    setApi(fake);
    expect(getApi()).toBe(fake);
    await api.info();
    expect(fake.count('info')).toBe(1);
  });
});
