// The reservation desk with its outcomes counted: accepted reservations, and refusals by the
// defence layer that made them (behaviour, rate, window, soldOut, limit, sale). A wrapper, so the
// hot path itself stays free of metrics code; one counter increment per request is all it adds,
// and the one place other listeners (the sell-out reporter) hear each answer, without a second
// wrapper's promise hop.
import type { ReservationDesk, RefusalLayer, ReserveAnswer } from '../flash-sale/reservation-desk';
import type { ServerMetrics } from './server-metrics';

export function observedDesk(
  desk: ReservationDesk,
  metrics: ServerMetrics,
  onAnswer?: (saleId: string, answer: ReserveAnswer) => void,
): ReservationDesk {
  // Label children resolved once: prom-client's labelled inc looks the label set up each time.
  const refused = new Map<RefusalLayer, { inc(): void }>();
  const refusalOf = (layer: RefusalLayer) => {
    let counter = refused.get(layer);
    if (counter === undefined) {
      counter = metrics.flashRefusals.labels({ layer });
      refused.set(layer, counter);
    }
    return counter;
  };
  return {
    ...desk,
    async reserve(saleId, memberId, quantity) {
      const answer = await desk.reserve(saleId, memberId, quantity);
      if (answer.ok) metrics.flashReservations.inc();
      else refusalOf(answer.layer).inc();
      onAnswer?.(saleId, answer);
      return answer;
    },
  };
}
