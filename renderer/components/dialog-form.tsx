// The frame every counter dialog shares: a modal form over a backdrop, its heading naming it for
// screen readers, Escape closing it without letting the key reach the screen behind (whose own
// Escape would clear the sale's field).
import type { FormEvent, ReactNode } from 'react';

export function DialogForm(props: {
  /** The data-testid of the form, and the stem of its heading's id. */
  testId: string;
  heading: string;
  onSubmit: (event: FormEvent) => void;
  onEscape: () => void;
  children: ReactNode;
}) {
  const headingId = `${props.testId}-heading`;
  return (
    <div className="dialog-backdrop">
      <form
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={headingId}
        data-testid={props.testId}
        onSubmit={props.onSubmit}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            props.onEscape();
          }
        }}
      >
        <h2 id={headingId}>{props.heading}</h2>
        {props.children}
      </form>
    </div>
  );
}
