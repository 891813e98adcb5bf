import { useEffect, useRef } from 'react';

/** Keys as `KeyboardEvent.key`, or a two-key sequence such as `g i`. */
export type ShortcutBindings = Record<string, (event: KeyboardEvent) => void>;

const layers: Array<{ current: ShortcutBindings }> = [];
let pendingPrefix: string | null = null;
let prefixTimer: number | undefined;
let listening = false;

function belongsToElement(event: KeyboardEvent): boolean {
  const target = event.target;
  if (!(target instanceof HTMLElement)) return false;
  // Typing in a field, or anything inside an open dialog, is not meant for the page behind it.
  if (target.isContentEditable || target.closest('input, textarea, select, dialog')) return true;
  // Enter and space on a link or button are that control's own activation.
  return (event.key === 'Enter' || event.key === ' ') && target.closest('a, button') !== null;
}

function handleKeyDown(event: KeyboardEvent): void {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || belongsToElement(event)) return;
  const key = pendingPrefix ? `${pendingPrefix} ${event.key}` : event.key;
  pendingPrefix = null;
  window.clearTimeout(prefixTimer);

  // When two mounted components bind the same key, the one that mounted last wins.
  for (let index = layers.length - 1; index >= 0; index--) {
    const handler = layers[index]?.current[key];
    if (handler) {
      event.preventDefault();
      handler(event);
      return;
    }
  }
  const startsSequence = layers.some((layer) => Object.keys(layer.current).some((name) => name.startsWith(`${key} `)));
  if (startsSequence) {
    pendingPrefix = key;
    prefixTimer = window.setTimeout(() => (pendingPrefix = null), 1500);
  }
}

/** Binds keys while the calling component is mounted; typing in a form field never triggers them. */
export function useShortcuts(bindings: ShortcutBindings): void {
  const layer = useRef(bindings);
  layer.current = bindings;
  useEffect(() => {
    if (!listening) {
      document.addEventListener('keydown', handleKeyDown);
      listening = true;
    }
    layers.push(layer);
    return () => {
      layers.splice(layers.indexOf(layer), 1);
    };
  }, []);
}

/**
 * For the help overlay: a space separates keys pressed one after the other, `+` keys held together.
 * `writes` marks a shortcut that records something, which roles that only read neither get nor see.
 */
export const SHORTCUT_HELP: Array<{ keys: string; action: string; writes?: true }> = [
  { keys: '/', action: 'Search' },
  { keys: 'j', action: 'Next case in the list' },
  { keys: 'k', action: 'Previous case in the list' },
  { keys: 'Enter', action: 'Open the selected case' },
  { keys: 'g i', action: 'Go to the inbox' },
  { keys: 'g c', action: 'Go to customers' },
  { keys: 'g a', action: 'Go to resolutions awaiting approval' },
  { keys: 'g r', action: 'Go to cases at risk of breaching their SLA' },
  { keys: 'c', action: 'Write in the composer (on a case)', writes: true },
  { keys: 'Ctrl+Enter', action: 'Add the message to the timeline', writes: true },
  { keys: '?', action: 'Show this help' },
];
