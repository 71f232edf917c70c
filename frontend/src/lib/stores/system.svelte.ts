import { api, toApiError, type AppInfo, type Unsubscribe } from '../api';

export type Phase = 'loading' | 'ready' | 'failed';

/** Whether the profile is open: loading until "app:ready", failed on "app:failed". */
export class SystemStore {
  phase = $state<Phase>('loading');
  info = $state<AppInfo | null>(null);
  /** Why the app could not start. */
  error = $state('');

  #ready(info: AppInfo) {
    this.info = info;
    this.phase = 'ready';
    this.error = '';
  }

  #failed(message: string) {
    if (this.phase === 'ready') return;
    this.phase = 'failed';
    this.error = message || 'The library could not be opened.';
  }

  /** Asks for the app's state and follows the startup events; returns a cleanup. */
  start(): Unsubscribe {
    const offs = [api.onReady((i) => this.#ready(i)), api.onFailed((m) => this.#failed(m))];
    api
      .info()
      .then((info) => {
        if (info.ready) this.#ready(info);
        else if (this.phase !== 'ready') {
          this.info = info;
          if (info.error) this.#failed(info.error);
        }
      })
      .catch((e) => this.#failed(toApiError(e).message));
    return () => offs.forEach((off) => off());
  }
}
