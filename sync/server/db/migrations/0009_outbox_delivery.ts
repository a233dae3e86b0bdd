// What the event dispatcher needs on top of the outbox of migration 4: when a failed event may be
// tried again (backoff), which consumer has handled which event (so a redelivered event is not
// handled twice by a consumer that already took it), and the notice board the default consumer
// fills for store managers, head office and members.
import type { Migration } from './migration';

export const outboxDeliveryMigration: Migration = {
  id: 9,
  name: 'outbox_delivery',
  up: `
ALTER TABLE outbox_event ADD COLUMN next_attempt_at BIGINT NOT NULL DEFAULT 0;
CREATE TABLE outbox_delivery (
  consumer TEXT NOT NULL,
  event_id BIGINT NOT NULL REFERENCES outbox_event (id),
  delivered_at BIGINT NOT NULL,
  PRIMARY KEY (consumer, event_id)
);
CREATE TABLE event_notice (
  id BIGSERIAL PRIMARY KEY,
  event_id BIGINT NOT NULL REFERENCES outbox_event (id),
  audience TEXT NOT NULL,
  kind TEXT NOT NULL,
  message TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX event_notice_audience ON event_notice (audience, id);
`,
};
