// A keyboard-mode magnetic-stripe reader types the swipe as keys; the wedge detector hands the
// burst here instead of to a scan. The tracks are read in the page and go no further: a member
// card's number goes on the sale (`checkout.attachMember`), a bank card is refused unread, and
// the track text itself is never sent, stored or shown.
import type { CartView } from '../../app/commands';
import type { DomainError } from '../../app/result';
import { readSwipe, SWIPE_REFUSED, swipePrefixes } from '../../app/tenders';
import type { SendCommand } from '../client/register-client';

export interface SwipeTarget {
  readonly send: SendCommand;
  readonly signedIn: () => boolean;
  readonly showNotice: (notice: DomainError) => void;
  readonly setCart: (view: CartView) => void;
}

/** The numeric prefixes of the store's member-card rules: how member cards are told apart. */
async function memberPrefixes(target: SwipeTarget): Promise<readonly string[]> {
  const answer = await target.send('settings.get', {});
  return answer.ok ? swipePrefixes(answer.value.settings.barcode.memberCards) : [];
}

export async function takeKeyboardSwipe(text: string, target: SwipeTarget): Promise<void> {
  // Nobody signed in (the sign-in screen): dropped, as a scan is there.
  if (!target.signedIn()) return;
  const swipe = readSwipe(text, { memberPrefixes: await memberPrefixes(target) });
  if (swipe === undefined) {
    target.showNotice(SWIPE_REFUSED.unreadable);
    return;
  }
  if (swipe.kind === 'bankCardRefused') {
    target.showNotice(SWIPE_REFUSED.bankCard);
    return;
  }
  const attached = await target.send('checkout.attachMember', { query: swipe.memberNumber });
  if (attached.ok) target.setCart(attached.value);
  else target.showNotice(attached.error);
}
