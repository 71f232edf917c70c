import { expect, type Page } from '@playwright/test';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Absolute path of a fixture folder, as the Go side will read it. */
export function fixture(name: string): string {
  return path.join(here, 'fixtures', name);
}

/** Opens the app and waits until the profile is open and the library shows. */
export async function openApp(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByTestId('sidebar')).toBeVisible({ timeout: 30_000 });
}

type ImportReport = {
  packs: { packId: string; added: number; updated: number; unchanged: number; removed: number }[];
  failed: { path: string; code: string; error: string }[];
};

/**
 * Imports paths through the real bound Go method, exactly what the UI calls
 * after its native file dialog or a drop (neither can be driven from a
 * browser); the UI learns of it through the library:changed event.
 */
export async function importPaths(page: Page, paths: string[]): Promise<ImportReport> {
  return page.evaluate(
    (p) => (window as any).go.app.ImportService.Import(p) as Promise<ImportReport>,
    paths,
  );
}
