import { api, toApiError, type ApiError, type ImportProgress, type ImportReport, type Unsubscribe } from '../api';

const PHASES: Record<string, string> = {
  reading: 'Reading files',
  storing: 'Storing packs',
  indexing: 'Indexing',
  done: 'Finishing',
};

/** An import in flight, its progress from "import:progress", and its report. */
export class ImportStore {
  running = $state(false);
  paths = $state<string[]>([]);
  progress = $state<ImportProgress | null>(null);
  report = $state<ImportReport | null>(null);
  error = $state<ApiError | null>(null);

  /** Follows progress events; returns a cleanup. */
  listen(): Unsubscribe {
    return api.onImportProgress((p) => {
      if (this.running) this.progress = p;
    });
  }

  get phaseLabel(): string {
    return this.progress ? (PHASES[this.progress.phase] ?? this.progress.phase) : 'Starting';
  }

  /** 0..1, or null when the amount of work is not known yet. */
  get fraction(): number | null {
    const p = this.progress;
    if (!p || p.total <= 0) return null;
    return Math.min(1, Math.max(0, p.done / p.total));
  }

  /** 1-based position of the path being imported. */
  get pathNumber(): number {
    return this.progress ? this.paths.indexOf(this.progress.path) + 1 : 0;
  }

  async chooseFiles(): Promise<void> {
    try {
      const paths = await api.chooseFiles();
      if (paths.length) await this.run(paths);
    } catch (e) {
      this.#fail(e);
    }
  }

  async chooseFolder(): Promise<void> {
    try {
      const dir = await api.chooseFolder();
      if (dir) await this.run([dir]);
    } catch (e) {
      this.#fail(e);
    }
  }

  /** Imports paths unless an import is already running. */
  async run(paths: string[]): Promise<void> {
    if (this.running || !paths.length) return;
    this.running = true;
    this.paths = paths;
    this.progress = null;
    this.report = null;
    this.error = null;
    try {
      this.report = await api.importPaths(paths);
    } catch (e) {
      this.#fail(e);
    } finally {
      this.running = false;
      this.progress = null;
    }
  }

  dismiss(): void {
    this.report = null;
    this.error = null;
  }

  #fail(e: unknown) {
    this.error = toApiError(e);
  }
}
