import { beforeEach, describe, expect, it } from 'vitest';
import { setApi } from '../api';
import { defaultReminders, FakeApi, reminderProblem } from '../api/fake';
import { DesktopStore, WEEK, workDays } from './desktop.svelte';

describe('workDays', () => {
  it('maps the checked days to Go weekdays, each once, in order', () => {
    expect(WEEK.map((d) => d.day)).toEqual([1, 2, 3, 4, 5, 6, 0]);
    expect(workDays([6, 0, 1, 1, 9, -1, 2.5])).toEqual([0, 1, 6]);
    expect(workDays([])).toEqual([]);
  });
});

describe('DesktopStore', () => {
  let fake: FakeApi;
  let desktop: DesktopStore;

  beforeEach(() => {
    fake = new FakeApi();
    setApi(fake);
    desktop = new DesktopStore();
  });

  it('reads the status and the shortcut that works', async () => {
    await desktop.loadStatus();
    expect(desktop.shortcut).toBe('Ctrl+Shift+Space');
    expect(desktop.askAutostart).toBe(true);
    fake.desktop.shortcutActive = false;
    const off = desktop.listen();
    fake.emitDesktopChanged();
    await new Promise((r) => setTimeout(r, 0));
    expect(desktop.shortcut).toBe('');
    off();
  });

  it('saves a clean payload and takes the new status', async () => {
    await desktop.loadSettings();
    const s = desktop.settings!;
    const err = await desktop.save({ ...s, shortcut: '  alt+f2 ', reminders: { ...s.reminders, workDays: [5, 1, 5, 0] } });
    expect(err).toBeNull();
    expect(fake.lastArgs('saveDesktopSettings')).toEqual([
      { closeToTray: true, autostart: false, shortcut: 'alt+f2', reminders: { ...defaultReminders(), workDays: [0, 1, 5] } },
    ]);
    expect(desktop.status?.shortcut).toBe('Alt+F2');
    expect(desktop.settings?.shortcut).toBe('Alt+F2');
  });

  it("resolves to Go's refusal, changing nothing", async () => {
    await desktop.loadSettings();
    const s = desktop.settings!;
    const err = await desktop.save({ ...s, reminders: { ...s.reminders, workDays: [] } });
    expect(err?.code).toBe('invalid');
    expect(err?.message).toBe('work days must not be empty');
    expect(desktop.settings?.reminders.workDays).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('the fake reminder validation (a port of remind.Settings.Validate)', () => {
  it('accepts the defaults and refuses what Go refuses', () => {
    const r = defaultReminders();
    expect(reminderProblem(r)).toBe('');
    expect(reminderProblem({ ...r, workEnd: '24:00' })).toBe('');
    expect(reminderProblem({ ...r, workStart: '24:00' })).toBe('work hours start 24:00 is not 00:00 to 23:59');
    expect(reminderProblem({ ...r, workEnd: '08:00' })).toBe('work hours end 08:00 is not after their start 09:00');
    expect(reminderProblem({ ...r, quietStart: '22:00', quietEnd: '18:00' })).toBe(
      'quiet hours 22:00 to 18:00 cover all of the work hours 09:00 to 17:00',
    );
    expect(reminderProblem({ ...r, quietStart: '22:00', quietEnd: '07:00' })).toBe('');
    expect(reminderProblem({ ...r, maxPerDay: 25 })).toBe('reminders per day 25 is not 0 to 24');
  });
});
