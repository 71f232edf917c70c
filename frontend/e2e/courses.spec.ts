// Courses in the real app against a real inflow-server on 127.0.0.1,
// reached through a proxy that slows the link and drops it once midway:
// download a course (pause and resume it too), see it verified and
// installed, take a lesson with a local image, answer its quiz wrongly,
// complete it and find its review cards; find the lesson by search.
import { expect, test, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InflowServer, ThrottleProxy, openApp } from './helpers';

test.describe.configure({ mode: 'serial' });

const LEARNER = 'lee';
const AUTHOR = 'ada';
const PASSWORD = 'e2e-password-2';
const VIDEO_BYTES = 6 * 1024 * 1024;
/** A 6×4 PNG, so the player's <img> has a real size once it loads. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAYAAAAECAIAAAAiZtkUAAAAEUlEQVR4nGP476CAhhjIFQIA9+Ag6bJ/zmMAAAAASUVORK5CYII=', 'base64');

const COURSE = `id: e2e/signals
version: "1"
title: Field signals
description: Signal with a mirror and a flag.
minutes: 10
modules:
  - id: m1
    title: Basics
    lessons:
      - id: mirror
        title: Signal with a mirror
        minutes: 5
        keyPoints:
          - Aim the flash with two fingers in a V.
        blocks:
          - type: text
            markdown: "A **heliograph** flashes sunlight at a distant station.\\n\\n![mirror](media/panel.png)"
          - type: image
            src: media/panel.png
            alt: The signal mirror
          - type: video
            src: media/intro.mp4
            caption: A short film
          - type: text
            markdown: "Sweep the horizon slowly: the quoggle pattern is three long flashes."
          - id: q1
            type: quiz
            question:
              kind: single
              prompt: How many long flashes make the quoggle pattern?
              choices:
                - {id: a, text: One, feedback: One flash is an acknowledgement.}
                - {id: b, text: Three, correct: true}
              feedback: Three long flashes ask for help.
      - id: flag
        title: Signal with a flag
        blocks:
          - type: text
            markdown: Hold the flag high.
`;

let server: InflowServer;
let proxy: ThrottleProxy;

test.beforeAll(async () => {
  test.setTimeout(300_000); // building the server can take a while on a cold cache
  server = await InflowServer.start({ user: LEARNER, password: PASSWORD });
  await server.stop(); // its data is locked while it serves
  server.run(['user', 'add', AUTHOR, '--role', 'author', '--password-stdin'], `${PASSWORD}\n`);
  const work = process.env.INFLOW_E2E_WORK ?? os.tmpdir();
  const dir = path.join(work, 'course-signals');
  mkdirSync(path.join(dir, 'media'), { recursive: true });
  writeFileSync(path.join(dir, 'course.yaml'), COURSE);
  writeFileSync(path.join(dir, 'media', 'panel.png'), PNG);
  writeFileSync(path.join(dir, 'media', 'intro.mp4'), randomBytes(VIDEO_BYTES));
  server.run(['publish', dir, '--as', AUTHOR]);
  await server.restart();
  proxy = await ThrottleProxy.start({ target: server.port, bytesPerSecond: 1_000_000 });
});

test.afterAll(async () => {
  await proxy?.stop();
  await server?.stop();
});

async function progress(page: Page): Promise<number> {
  return Number(await page.getByTestId('course-progress').getAttribute('aria-valuenow'));
}

test('download over a slow, dropping link; pause and resume; take a lesson; see its cards', async ({ page }) => {
  test.setTimeout(180_000);
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await openApp(page);

  // Sign in through Settings, to the proxy in front of the server.
  await page.getByTestId('sidebar-settings').click();
  await page.getByTestId('sync-server').fill(proxy.url);
  await page.getByTestId('sync-user').fill(LEARNER);
  await page.getByTestId('sync-password').fill(PASSWORD);
  await page.getByTestId('sync-signin').click();
  await expect(page.getByTestId('sync-account')).toHaveText(`Signed in to ${proxy.url} as ${LEARNER}.`);

  // The server's course is listed, not downloaded.
  await page.getByTestId('sidebar-courses').click();
  const row = page.locator('[data-testid="course-row"][data-course-id="e2e/signals"]');
  await expect(row.getByTestId('course-title')).toHaveText('Field signals');
  await expect(row.getByTestId('course-state')).toHaveText('Available');
  const storageBefore = await page.getByTestId('courses-storage').textContent();

  // Download: the bar moves; pause stops it, resume goes on from there.
  proxy.dropAt = proxy.sent + 0.6 * VIDEO_BYTES;
  await row.getByTestId('course-download-button').click();
  await expect(row.getByTestId('course-download')).toHaveAttribute('data-state', 'downloading');
  await expect.poll(() => progress(page), { timeout: 20_000 }).toBeGreaterThan(5);
  await row.getByTestId('course-pause').click();
  await expect(row.getByTestId('course-download')).toHaveAttribute('data-state', 'paused');
  await expect(row.getByTestId('course-state')).toHaveText('Paused');
  const paused = await progress(page);
  expect(paused).toBeLessThan(60);
  await page.waitForTimeout(1000); // nothing arrives while paused
  expect(await progress(page)).toBe(paused);
  await row.getByTestId('course-resume').click();
  await expect(row.getByTestId('course-download')).toHaveAttribute('data-state', 'downloading');
  // The link drops midway: the download resumes where it stopped (Range).
  await expect(row.getByTestId('course-progress-text')).toContainText('resumed after 1 dropped connection', { timeout: 30_000 });
  await expect.poll(() => progress(page)).toBeGreaterThanOrEqual(paused);
  // Every file verified, then installed.
  await expect(row.getByTestId('course-state')).toHaveText('Installed', { timeout: 60_000 });
  expect(proxy.drops).toBe(1);
  await expect(row.getByTestId('course-done')).toHaveText('0/2 done');
  await expect(page.getByTestId('courses-storage')).not.toHaveText(storageBefore!);
  await expect(page.getByTestId('courses-storage')).toContainText('MB');

  // The course page: outline, then Start.
  await row.getByTestId('course-open').click();
  await expect(page.getByTestId('course-heading')).toHaveText('Field signals');
  await expect(page.getByTestId('outline-lesson')).toHaveCount(2);
  await page.getByTestId('course-continue').click();
  await expect(page.getByTestId('lesson-title')).toHaveText('Signal with a mirror');

  // Media come from the profile through the app's own origin.
  const img = page.getByTestId('lesson-image');
  await expect(img).toHaveAttribute('alt', 'The signal mirror');
  await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(6);
  const src = await img.evaluate((el: HTMLImageElement) => el.src);
  const origin = new URL(page.url()).origin;
  expect(src.startsWith(`${origin}/course-media/`)).toBe(true);
  const inText = page.locator('[data-testid="lesson-block"][data-type="text"] img');
  await expect.poll(() => inText.first().evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(6);
  const video = page.getByTestId('lesson-video');
  const videoSrc = await video.evaluate((el: HTMLVideoElement) => el.src);
  expect(videoSrc.startsWith(`${origin}/course-media/`)).toBe(true);
  // Seeking works: the handler answers a Range request with those bytes.
  const ranged = await page.evaluate(async (u) => {
    const r = await fetch(u, { headers: { Range: 'bytes=10-19' } });
    return { status: r.status, size: (await r.arrayBuffer()).byteLength, type: r.headers.get('content-type'), nosniff: r.headers.get('x-content-type-options') };
  }, videoSrc);
  expect(ranged).toEqual({ status: 206, size: 10, type: 'video/mp4', nosniff: 'nosniff' });
  // A file of a course that is not installed is not served.
  const other = await page.evaluate(async (u) => (await fetch(u.replace('course=e2e%2Fsignals', 'course=e2e%2Fother'))).status, videoSrc);
  expect(other).toBe(404);
  // The page itself never talked to the server or the proxy.
  expect(requests.filter((u) => u.includes(`:${server.port}`) || u.includes(`:${proxy.port}`))).toEqual([]);

  // A wrong answer: feedback, and the right choice shown.
  const quiz = page.getByTestId('quiz');
  await quiz.getByText('One', { exact: true }).click();
  await quiz.getByTestId('quiz-check').click();
  await expect(quiz.getByTestId('quiz-verdict')).toHaveText('Not quite');
  await expect(quiz.getByTestId('quiz-feedback')).toContainText('One flash is an acknowledgement.');
  await expect(quiz.getByTestId('quiz-feedback')).toContainText('Three long flashes ask for help.');
  await expect(quiz.locator('[data-choice-id="b"]')).toHaveAttribute('data-correct', 'true');

  // Complete: the key points become a card (the quiz one exists already).
  await page.getByTestId('lesson-complete').click();
  await expect(page.getByTestId('lesson-toast')).toHaveText('1 card added to your reviews');

  // The outline marks it done; the next lesson is where to continue.
  await page.getByTestId('back-button').click();
  await expect(page.locator('[data-testid="outline-lesson"][data-lesson-id="mirror"]')).toHaveAttribute('data-completed', 'true');
  await expect(page.getByTestId('course-progress-summary')).toContainText('1/2 lessons');

  // Reviews: the course's deck has its two new cards.
  await page.getByTestId('sidebar-cards').click();
  await page.getByTestId('cards-filter-deck').selectOption('Field signals');
  await expect(page.getByTestId('cards-total')).toHaveText(/^2 cards\b/);
  await page.getByTestId('sidebar-home').click();
  await expect(page.getByTestId('review-dashboard')).toBeVisible();
  await expect(page.getByTestId('review-dashboard')).toContainText('Field signals');

  // Search finds the lesson text and opens the player where it is.
  const input = page.getByTestId('search-input');
  await input.click();
  await input.pressSequentially('quoggle', { delay: 30 });
  const hit = page.getByTestId('search-result').filter({ hasText: 'Signal with a mirror' });
  await expect(hit).toBeVisible();
  await hit.click();
  await expect(page.getByTestId('lesson-title')).toHaveText('Signal with a mirror');
  await expect(page.locator('[data-testid="lesson-block"][data-found="true"]')).toContainText('quoggle');

  // Remove frees the space; progress and cards stay.
  await page.getByTestId('sidebar-courses').click();
  await row.getByTestId('course-remove').click();
  await row.getByTestId('course-remove-confirm').click();
  await expect(page.getByTestId('courses-notice')).toContainText('Removed Field signals; freed 6.0 MB.');
  await expect(row.getByTestId('course-state')).toHaveText('Available');
  await expect(page.getByTestId('courses-storage')).toHaveText('Storage used: 0 bytes');

  // Sign out again for the specs that follow.
  await page.getByTestId('sidebar-settings').click();
  await page.getByTestId('sync-signout').click();
  await expect(page.getByTestId('sync-signin-form')).toBeVisible();
});
