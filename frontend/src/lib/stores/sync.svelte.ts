import { api, toApiError, type ApiError, type SyncResult, type SyncStatus, type Unsubscribe } from '../api';
import { relativeTime } from '../util/format';

/** What the sync indicator shows, most pressing first. */
export type SyncState = 'signed-out' | 'syncing' | 'offline' | 'error' | 'pending' | 'synced';

/** The one state to show for a status. */
export function syncState(s: SyncStatus): SyncState {
  if (!s.signedIn) return 'signed-out';
  if (s.syncing) return 'syncing';
  if (!s.online) return 'offline';
  if (s.lastError) return 'error';
  if (s.pending > 0) return 'pending';
  return 'synced';
}

/** "synced 2 minutes ago", "synced just now", "never synced". */
export function syncedAgo(s: SyncStatus, now: number): string {
  if (!s.lastSuccess) return 'never synced';
  const rel = relativeTime(s.lastSuccess, now);
  // A clock a little behind the server's makes a fresh sync "in 1 minute".
  if (!rel || rel === 'now' || new Date(s.lastSuccess).getTime() > now) return 'synced just now';
  return `synced ${rel}`;
}

/** The last error in the app's words: the Go side speaks of the inflow command. */
export function syncError(s: SyncStatus): string {
  return s.lastError.replace(/run inflow login/g, 'sign in again in Settings → Sync');
}

/** "Synced: 2 sent, 1 received." for the result of Sync now. */
export function resultText(r: SyncResult): string {
  const parts = [`${r.pushed} sent`, `${r.pulled} received`];
  if (r.rejected.length) parts.push(`${r.rejected.length} refused`);
  if (r.catalog) parts.push(`${r.catalog} published ${r.catalog === 1 ? 'pack' : 'packs'} updated`);
  return `Synced: ${parts.join(', ')}.`;
}

/**
 * Sync with an Inflow server: the status (SyncService.Status, then every
 * sync:status event) and the account actions of Settings → Sync.
 */
export class SyncStore {
  status = $state<SyncStatus | null>(null);
  /** Why the status could not be read. */
  error = $state<ApiError | null>(null);
  /** The action running, "" when none. */
  busy = $state<'' | 'signIn' | 'signOut' | 'sync'>('');
  #seq = 0;

  /** Follows sync:status; returns a cleanup. */
  listen(): Unsubscribe {
    return api.onSyncStatus((s) => this.#set(s));
  }

  #set(s: SyncStatus): void {
    ++this.#seq; // an answer still on its way is older than this
    this.status = s;
    this.error = null;
  }

  get state(): SyncState | null {
    return this.status ? syncState(this.status) : null;
  }

  async load(): Promise<void> {
    const seq = ++this.#seq;
    try {
      const s = await api.syncStatus();
      if (seq === this.#seq) {
        this.status = s;
        this.error = null;
      }
    } catch (e) {
      if (seq === this.#seq) this.error = toApiError(e);
    }
  }

  /** Signs in and starts syncing; resolves to why it failed, or null. */
  async signIn(server: string, user: string, password: string): Promise<ApiError | null> {
    return this.#run('signIn', async () => this.#set(await api.signIn(server.trim(), user.trim(), password)));
  }

  /** Signs out; resolves to why it failed, or null. */
  async signOut(): Promise<ApiError | null> {
    return this.#run('signOut', async () => this.#set(await api.signOut()));
  }

  /** Syncs at once; the status follows through sync:status. */
  async syncNow(): Promise<{ result?: SyncResult; error?: ApiError }> {
    let result: SyncResult | undefined;
    const error = await this.#run('sync', async () => {
      result = await api.syncNow();
    });
    return error ? { error } : { result };
  }

  async #run(what: 'signIn' | 'signOut' | 'sync', fn: () => Promise<void>): Promise<ApiError | null> {
    if (this.busy) return null;
    this.busy = what;
    try {
      await fn();
      return null;
    } catch (e) {
      return toApiError(e);
    } finally {
      this.busy = '';
    }
  }
}
