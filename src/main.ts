import { mount } from 'svelte';
import App from './ui/App.svelte';
import { Lab } from './state/lab.svelte.ts';
import './ui/global.css';

const lab = new Lab();
// A console handle for curious users, tests and the benchmark script (the worker API, typed in
// src/worker/protocol.ts).
(window as unknown as { lab: Lab }).lab = lab;
mount(App, { target: document.getElementById('app')!, props: { lab } });
void lab.start();
