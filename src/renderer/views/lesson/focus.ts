// Full-screen dialogs (the lesson, a sandbox) take the focus when they open, so keys and screen
// readers start inside them. A module-level callback ref: React calls it on mount only.

export function focusOnMount(el: HTMLElement | null): void {
  if (el && !el.contains(document.activeElement)) el.focus();
}
