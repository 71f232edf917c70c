import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { setApi, type DesktopSettings, type DesktopStatus } from '../api';
import { deferred, FakeApi } from '../api/fake';
import { DesktopStore } from '../stores/desktop.svelte';
import { ReviewStore } from '../stores/review.svelte';
import SettingsView from './SettingsView.svelte';

describe('SettingsView', () => {
  let fake: FakeApi;
  let desktop: DesktopStore;

  beforeEach(() => {
    fake = new FakeApi();
    setApi(fake);
    desktop = new DesktopStore();
  });

  async function open() {
    const user = userEvent.setup();
    await Promise.all([desktop.loadStatus(), desktop.loadSettings()]);
    render(SettingsView, { desktop, review: new ReviewStore() });
    await screen.findByTestId('reminder-settings');
    return user;
  }

  const field = (id: string) => screen.getByTestId(id) as HTMLInputElement;
  const setTime = (id: string, v: string) => fireEvent.input(field(id), { target: { value: v } });
  const saved = () => fake.lastArgs('saveDesktopSettings')?.[0] as DesktopSettings;

  it('fills the forms from the stored settings, work days Monday first', async () => {
    await open();
    expect(field('desktop-close-to-tray')).toBeChecked();
    expect(field('desktop-autostart')).not.toBeChecked();
    expect(field('desktop-shortcut')).toHaveValue('Ctrl+Shift+Space');
    expect(screen.getByTestId('desktop-shortcut-state')).toHaveTextContent('Ctrl+Shift+Space opens quick search from anywhere.');
    const days = within(screen.getByTestId('reminders-days')).getAllByRole('checkbox');
    expect(days.map((d) => d.getAttribute('aria-label'))).toEqual(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']);
    expect(days.map((d) => (d as HTMLInputElement).checked)).toEqual([true, true, true, true, true, false, false]);
    expect(screen.getByLabelText('Work hours start')).toHaveValue('09:00');
    expect(screen.getByLabelText('Work hours end')).toHaveValue('17:00');
    expect(field('reminders-dueThreshold')).toHaveValue(10);
    expect(field('reminders-courseIdleDays')).toHaveValue(3);
    expect(screen.getByRole('spinbutton', { name: 'Remind me when at least' })).toBe(field('reminders-dueThreshold'));
    expect(screen.getByTestId('review-settings')).toBeInTheDocument();
  });

  it('saves the reminders with the work days as Go counts them (0 = Sunday)', async () => {
    const user = await open();
    await user.click(screen.getByRole('checkbox', { name: 'Monday' }));
    await user.click(screen.getByRole('checkbox', { name: 'Sunday' }));
    await user.click(screen.getByRole('checkbox', { name: 'Saturday' }));
    setTime('reminders-workStart', '08:30');
    setTime('reminders-workEnd', '00:00'); // midnight: the end of the day
    setTime('reminders-quietStart', '12:00');
    setTime('reminders-quietEnd', '13:00');
    await user.clear(field('reminders-dueThreshold'));
    await user.type(field('reminders-dueThreshold'), '5');
    await user.clear(field('reminders-maxPerDay'));
    await user.type(field('reminders-maxPerDay'), '0');
    await user.click(field('reminders-enabled'));
    await user.click(screen.getByTestId('reminders-save'));
    expect(await screen.findByTestId('reminders-saved')).toHaveTextContent('Saved.');
    expect(saved()).toEqual({
      closeToTray: true,
      autostart: false,
      shortcut: 'Ctrl+Shift+Space',
      reminders: {
        enabled: false,
        workDays: [0, 2, 3, 4, 5, 6],
        workStart: '08:30',
        workEnd: '24:00',
        quietStart: '12:00',
        quietEnd: '13:00',
        dueThreshold: 5,
        overdueHours: 4,
        maxPerDay: 0,
        minGapMinutes: 90,
        courseIdleDays: 3,
        timeZone: '',
      },
    });
    expect(fake.desktopSettingsValue.reminders.workEnd).toBe('24:00');
    // 24:00 comes back as 00:00, the only way a time field can show it.
    expect(field('reminders-workEnd')).toHaveValue('00:00');
  });

  it("shows Go's refusal in the section, with Save disabled while saving", async () => {
    const user = await open();
    setTime('reminders-workEnd', '08:00');
    const held = deferred<void>();
    const save = fake.saveDesktopSettings.bind(fake);
    fake.saveDesktopSettings = async (s) => {
      await held.promise;
      return save(s);
    };
    await user.click(screen.getByTestId('reminders-save'));
    expect(screen.getByTestId('reminders-save')).toBeDisabled();
    expect(screen.getByTestId('reminders-save')).toHaveTextContent('Saving…');
    held.resolve();
    const error = await screen.findByTestId('reminders-error');
    expect(error).toHaveTextContent('Could not save: work hours end 08:00 is not after their start 09:00');
    expect(error).toHaveAttribute('role', 'alert');
    expect(screen.getByTestId('reminders-save')).toBeEnabled();
    expect(screen.queryByTestId('reminders-saved')).toBeNull();
    expect(screen.queryByTestId('desktop-error')).toBeNull();
    expect(fake.desktopSettingsValue.reminders.workEnd).toBe('17:00');

    setTime('reminders-workEnd', '18:00');
    await user.click(screen.getByTestId('reminders-save'));
    expect(await screen.findByTestId('reminders-saved')).toBeInTheDocument();
    expect(screen.queryByTestId('reminders-error')).toBeNull();
    expect(fake.desktopSettingsValue.reminders.workEnd).toBe('18:00');
  });

  it('asks for whole numbers and times before asking Go', async () => {
    const user = await open();
    await user.clear(field('reminders-overdueHours'));
    setTime('reminders-quietStart', '');
    await user.click(screen.getByTestId('reminders-save'));
    expect(await screen.findByText('Enter a whole number.')).toBeInTheDocument();
    expect(field('reminders-overdueHours')).toHaveAttribute('aria-invalid', 'true');
    expect(field('reminders-overdueHours')).toHaveAccessibleDescription('Enter a whole number.');
    expect(screen.getByText('Enter a time.')).toBeInTheDocument();
    expect(fake.count('saveDesktopSettings')).toBe(0);
  });

  it('saves the desktop section alone, keeping unsaved reminder edits on screen', async () => {
    const user = await open();
    setTime('reminders-workStart', '07:00');
    await user.click(field('desktop-autostart'));
    await user.clear(field('desktop-shortcut'));
    await user.type(field('desktop-shortcut'), 'ctrl+alt+k');
    await user.click(screen.getByTestId('desktop-save'));
    expect(await screen.findByTestId('desktop-saved')).toBeInTheDocument();
    // The reminders Go had, not the ones being edited.
    expect(saved()).toMatchObject({ autostart: true, closeToTray: true, shortcut: 'ctrl+alt+k', reminders: { workStart: '09:00' } });
    expect(fake.desktop).toMatchObject({ autostart: true, shortcut: 'Ctrl+Alt+K', shortcutActive: true });
    expect(field('desktop-shortcut')).toHaveValue('Ctrl+Alt+K');
    expect(field('reminders-workStart')).toHaveValue('07:00');
    await user.click(field('desktop-autostart'));
    await user.click(screen.getByTestId('desktop-save'));
    await waitFor(() => expect(fake.desktop.autostart).toBe(false));
  });

  it("shows a shortcut Go could not take, and Go's refusal of a malformed one", async () => {
    fake.takenShortcuts = ['Super+K'];
    const user = await open();
    await user.clear(field('desktop-shortcut'));
    await user.type(field('desktop-shortcut'), 'Super+K');
    await user.click(screen.getByTestId('desktop-save'));
    await waitFor(() =>
      expect(screen.getByTestId('desktop-shortcut-state')).toHaveTextContent('Super+K is already taken by another program; choose another shortcut'),
    );
    await user.clear(field('desktop-shortcut'));
    await user.type(field('desktop-shortcut'), 'Ctrl+');
    await user.click(screen.getByTestId('desktop-save'));
    expect(await screen.findByTestId('desktop-error')).toHaveTextContent('Could not save: shortcut "Ctrl+": unknown key ""');
    expect(field('desktop-shortcut')).toHaveAccessibleDescription(/already taken/);
  });

  it('says what this desktop cannot do: Wayland, no tray, no notifications', async () => {
    const status: Partial<DesktopStatus> = {
      wayland: true,
      shortcutActive: false,
      trayAvailable: false,
      notificationsAvailable: false,
      notificationsError: 'no notification service on the session bus',
    };
    Object.assign(fake.desktop, status);
    await open();
    expect(screen.getByTestId('desktop-shortcut-state')).toHaveTextContent(
      "Wayland does not let apps grab keys: add a custom shortcut in your desktop's settings that runs inflow --search",
    );
    expect(field('desktop-close-to-tray')).toBeDisabled();
    expect(field('desktop-close-to-tray')).toHaveAccessibleDescription('This desktop has no system tray, so closing the window quits Inflow.');
    expect(screen.getByTestId('desktop-tray-status')).toHaveTextContent('Not available');
    expect(screen.getByTestId('desktop-notifications-status')).toHaveTextContent(
      'Not available: no notification service on the session bus. Reminders then show on the tray icon.',
    );
  });

  it('follows desktop:changed', async () => {
    const off = desktop.listen();
    await open();
    fake.desktop.shortcutActive = false;
    fake.desktop.shortcutError = 'no X11 display: bind `inflow --search` in your desktop settings';
    fake.emitDesktopChanged();
    await waitFor(() => expect(screen.getByTestId('desktop-shortcut-state')).toHaveTextContent('no X11 display'));
    off();
  });

  it('snoozes reminders for an hour', async () => {
    const user = await open();
    await user.click(screen.getByRole('button', { name: 'Snooze reminders for 1 hour' }));
    expect(await screen.findByTestId('reminders-snoozed')).toHaveTextContent('Reminders are snoozed for an hour.');
    expect(fake.snoozes).toBe(1);
  });

  it('says when the desktop settings cannot be read', async () => {
    fake.fail('desktopSettings', 'internal: the profile is closed');
    await desktop.loadSettings();
    render(SettingsView, { desktop, review: new ReviewStore() });
    expect(screen.getByTestId('desktop-settings-unavailable')).toHaveTextContent('The desktop settings could not be loaded: the profile is closed');
    // The review settings do not depend on them.
    expect(await screen.findByTestId('review-settings')).toBeInTheDocument();
  });
});
