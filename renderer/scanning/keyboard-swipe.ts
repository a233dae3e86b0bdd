// A keyboard-mode magnetic-stripe reader types the swipe as keys; the wedge detector hands the
// burst here instead of to a scan. The tracks are read in the page and go no further: a member
// card's number goes on the sale (`checkout.attachMember`), a bank card is refused unread, and
// the track text itself is never sent, stored or shown.
import type { CartView } from '../../app/commands';
import type { DomainError } from '../../app/result';
import { readSwipe } from '../../app/tenders';
import type { SendCommand } from '../client/register-client';

export interface SwipeTarget {
  readonly send: SendCommand;
  readonly signedIn: () => boolean;
  readonly showNotice: (notice: DomainError) => void;
  readonly setCart: (view: CartView) => void;
}

const BANK_CARD: DomainError = {
  code: 'cardReader.bankCard',
  message: 'A bank card was swiped on the member card reader: take card payments on the terminal',
};
const UNREADABLE: DomainError = {
  code: 'cardReader.unreadable',
  message: 'The card could not be read: swipe it again',
};

/** The numeric prefixes of the store's member-card rules: how member cards are told apart. */
async function memberPrefixes(target: SwipeTarget): Promise<readonly string[]> {
  const answer = await target.send('settings.get', {});
  if (!answer.ok) return [];
  return answer.value.settings.barcode.memberCards
    .flatMap((rule) => rule.prefixes)
    .filter((prefix) => /^\d+$/.test(prefix));
}

export async function takeKeyboardSwipe(text: string, target: SwipeTarget): Promise<void> {
  // Nobody signed in (the sign-in screen): dropped, as a scan is there.
  if (!target.signedIn()) return;
  const swipe = readSwipe(text, { memberPrefixes: await memberPrefixes(target) });
  if (swipe === undefined) {
    target.showNotice(UNREADABLE);
    return;
  }
  if (swipe.kind === 'bankCardRefused') {
    target.showNotice(BANK_CARD);
    return;
  }
  const attached = await target.send('checkout.attachMember', { query: swipe.memberNumber });
  if (attached.ok) target.setCart(attached.value);
  else target.showNotice(attached.error);
}
