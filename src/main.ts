import { mount } from 'svelte';
import App from './ui/App.svelte';
import { Lab } from './state/lab.svelte.ts';
import { LabClient } from './worker/lab-client.svelte.ts';
import { linkFor, readUrl, writeUrl } from './state/url-sync.svelte.ts';
import { IsolationState } from './state/isolation.svelte.ts';
import { registerServiceWorker } from './sw/register.ts';
import './ui/global.css';

// The service worker (production builds only: the dev server sends the headers itself) may
// reload the page once to make it cross-origin isolated; nothing starts before that.
const reloading = import.meta.env.PROD && await registerServiceWorker();
if (!reloading) {
  const lab = new Lab(readUrl(), new LabClient(), { write: writeUrl, link: linkFor }, document.baseURI);
  const isolation = new IsolationState();
  // A console handle for curious users, tests and the benchmark script (the worker API, typed in
  // src/worker/protocol.ts).
  (window as unknown as { lab: Lab }).lab = lab;
  mount(App, { target: document.getElementById('app')!, props: { lab, isolation } });
  void isolation.load();
  void lab.start();
}
