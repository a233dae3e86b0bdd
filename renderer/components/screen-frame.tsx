// The frame of every screen beside checkout: its title, the one error on screen, its content.
import type { ReactNode } from 'react';
import { NoticeBanner } from './notice-banner';

export function ScreenFrame(props: { title: string; testId: string; children: ReactNode }) {
  const headingId = `${props.testId}-heading`;
  return (
    <main className="screen" data-testid={props.testId} aria-labelledby={headingId}>
      <h1 id={headingId}>{props.title}</h1>
      <NoticeBanner />
      {props.children}
    </main>
  );
}
