// A magnetic-stripe reader in software: swipes member cards and (test) bank cards as ISO 7813 tracks.
import type { ByteTransport } from '../transport/byte-transport';

export function memberCardTracks(memberNumber: string, name: string): string {
  return `%M${memberNumber}^${name}^99120000000000?;${memberNumber}=9912000?`;
}

/** A bank card's tracks, for refusal tests only: a made-up Luhn-valid test number. */
export function bankCardTracks(pan: string): string {
  return `%B${pan}^CARDHOLDER/TEST^2812101000000000000000?;${pan}=28121010000000000000?`;
}

export function createCardReaderSimulator(transport: ByteTransport) {
  return {
    start: () => transport.open(),
    stop: () => transport.close(),
    swipe: (tracks: string) => transport.write(new TextEncoder().encode(`${tracks}\r`)),
  };
}
