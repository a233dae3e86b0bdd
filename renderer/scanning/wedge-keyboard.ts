// Listens to every key before any field sees it and runs app/scanning's burst detector: a
// keyboard-wedge scanner's burst goes to `onScan` and never lands in a field; keys a person typed
// are handed to the focused field in order, a few milliseconds late.
import type { KeyStroke, WedgeOutput, WedgeState } from '../../app/scanning';
import {
  DEFAULT_WEDGE_OPTIONS,
  EMPTY_WEDGE_STATE,
  feedWedgeKey,
  settleWedge,
} from '../../app/scanning';

export interface WedgeKeyboardOptions {
  onScan: (code: string) => void;
  /** Where typed characters go when focus is on no text field (the scan field). */
  homeField: () => HTMLInputElement | null;
}

function isTextField(element: Element | null): element is HTMLInputElement | HTMLTextAreaElement {
  if (element instanceof HTMLTextAreaElement) return true;
  return (
    element instanceof HTMLInputElement &&
    ['text', 'search', 'password', 'tel', 'number', ''].includes(element.type)
  );
}

/** Types `text` into the focused field (or the home field) as if keyed, so React sees the input. */
function typeIntoField(text: string, home: HTMLInputElement | null): void {
  if (!isTextField(document.activeElement)) {
    if (home === null) return;
    home.focus();
  }
  // insertText goes through the browser's own editing path: input events fire, undo works.
  document.execCommand('insertText', false, text);
}

/**
 * Takes `text` back out of the focused field if it is still just before the caret, as typed; a
 * field changed since (another key, a click elsewhere) keeps it: the scan goes through either way.
 */
function takeBackFromField(text: string): void {
  const field = document.activeElement;
  if (!isTextField(field)) return;
  const caret = field.selectionStart;
  if (caret === null || caret !== field.selectionEnd) return;
  if (!field.value.slice(0, caret).endsWith(text)) return;
  field.setSelectionRange(caret - text.length, caret);
  document.execCommand('delete');
}

export function installWedgeKeyboard(options: WedgeKeyboardOptions): () => void {
  let state: WedgeState = EMPTY_WEDGE_STATE;
  let settleTimer: number | undefined;

  const characters = (keys: readonly KeyStroke[], current?: KeyStroke): string =>
    keys
      .filter((k) => k !== current && [...k.key].length === 1)
      .map((k) => k.key)
      .join('');

  const emit = (outputs: readonly WedgeOutput[], current?: KeyStroke): void => {
    for (const output of outputs) {
      switch (output.kind) {
        case 'scan':
          options.onScan(output.text);
          break;
        case 'untyped':
          takeBackFromField(characters(output.keys));
          break;
        case 'typed': {
          // The key being pressed now keeps its default action (Enter submits, Backspace
          // deletes); held characters are inserted before it, in the order they were typed.
          const chars = characters(output.keys, current);
          if (chars !== '') typeIntoField(chars, options.homeField());
          break;
        }
        default: {
          const unknown: never = output;
          throw new Error(`Unhandled wedge output ${JSON.stringify(unknown)}`);
        }
      }
    }
  };

  const settle = (): void => {
    settleTimer = undefined;
    const step = settleWedge(state, performance.now());
    state = step.state;
    emit(step.outputs);
    if (state.held.length > 0) schedule();
  };
  const schedule = (): void => {
    if (settleTimer !== undefined) window.clearTimeout(settleTimer);
    settleTimer = window.setTimeout(settle, DEFAULT_WEDGE_OPTIONS.maxInterKeyMs + 5);
  };

  const onKeyDown = (event: KeyboardEvent): void => {
    // Chinese input methods compose characters from keys: those keys are the IME's, not ours.
    if (event.isComposing || event.key === 'Process' || event.key === 'Unidentified') return;
    if (event.ctrlKey || event.altKey || event.metaKey) return;
    const stroke: KeyStroke = { key: event.key, at: event.timeStamp };
    const step = feedWedgeKey(state, stroke);
    state = step.state;
    const scanned = step.outputs.some((o) => o.kind === 'scan');
    const held = state.held.includes(stroke);
    // A held character, or the suffix that ended a scan, must not reach any field.
    if (held || scanned) {
      event.preventDefault();
      event.stopPropagation();
    }
    emit(step.outputs, stroke);
    if (state.held.length > 0) schedule();
  };

  window.addEventListener('keydown', onKeyDown, { capture: true });
  return () => {
    window.removeEventListener('keydown', onKeyDown, { capture: true });
    if (settleTimer !== undefined) window.clearTimeout(settleTimer);
  };
}
