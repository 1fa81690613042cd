/**
 * Two keyboard behaviours the panels share (Svelte actions):
 *
 * - `commitOnEnter`: a <select> whose choice starts heavy work (a preset that loads VGG16) must not
 *   act on every option the arrow keys pass. Chromium fires `change` at each arrow key on a closed
 *   select; with this action the arrows only move, and Enter or leaving the select commits.
 * - `keepFocus`: a button that replaces the one just pressed (Start → Pause) takes the focus the
 *   removed one dropped to <body> (or, disabled while the lab is busy, once it is enabled), so the
 *   keyboard stays where the teacher was.
 */
const MOVES = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End', 'PageUp', 'PageDown']);

export function commitOnEnter(node: HTMLSelectElement, commit: (value: string) => void) {
  let moved = false;
  let act = commit;
  const onKey = (e: KeyboardEvent) => {
    if (MOVES.has(e.key)) moved = true;
    else if (e.key === 'Enter' && moved) { moved = false; act(node.value); }
  };
  const onChange = () => { if (!moved) act(node.value); };
  const onBlur = () => { if (moved) { moved = false; act(node.value); } };
  node.addEventListener('keydown', onKey);
  node.addEventListener('change', onChange);
  node.addEventListener('blur', onBlur);
  return {
    update(next: (value: string) => void) { act = next; },
    destroy() {
      node.removeEventListener('keydown', onKey);
      node.removeEventListener('change', onChange);
      node.removeEventListener('blur', onBlur);
    },
  };
}

export function keepFocus(node: HTMLElement) {
  const lost = () => !document.activeElement || document.activeElement === document.body;
  // `want`: the button should have the focus once it is enabled: it mounted disabled while the
  // focus was lost, or it lost the focus by being disabled (the lab got busy right after).
  let want = false;
  const onBlur = () => { if (node.hasAttribute('disabled')) want = true; };
  const observer = new MutationObserver(() => {
    // Disabled while focused: the browser drops the focus at its next rendering, with or without a blur.
    if (node.hasAttribute('disabled')) {
      if (document.activeElement === node) want = true;
      return;
    }
    if (!want) return;
    want = false;
    if (lost()) node.focus();
  });
  observer.observe(node, { attributes: true, attributeFilter: ['disabled'] });
  node.addEventListener('blur', onBlur);
  // After this render: the button that was pressed is gone by then.
  queueMicrotask(() => {
    if (!lost() || !node.isConnected) return;
    if (node.hasAttribute('disabled')) want = true;
    else node.focus();
  });
  return { destroy: () => { observer.disconnect(); node.removeEventListener('blur', onBlur); } };
}
