import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';

async function start() {
  // Preview without Go: `?fake` (only when Wails has not injected window.go)
  // swaps in an in-memory library for screenshots and design work.
  if (window.go === undefined && new URLSearchParams(location.search).has('fake')) {
    const { installDemo } = await import('./lib/api/demo');
    installDemo(new URLSearchParams(location.search).get('fake') ?? '');
  }
  mount(App, { target: document.getElementById('app')! });
}

void start();
