-- The notification queue. Producers INSERT rows; speedy-notifier delivers them and records the outcome.
CREATE TABLE notifications (
    id              bigserial   PRIMARY KEY,
    recipient       text        NOT NULL,
    payload         jsonb       NOT NULL,
    status          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'dead')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    delivered_at    timestamptz
);
-- The workers only ever look for pending rows that are due; delivered and dead rows stay out of this index.
CREATE INDEX notifications_pending_due ON notifications (next_attempt_at) WHERE status = 'pending';

-- Wakes the listening notifiers at once instead of at their next poll.
CREATE FUNCTION notifications_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('speedy_notifications', NEW.id::text);
    RETURN NULL;
END
$$;
CREATE TRIGGER notifications_notify AFTER INSERT ON notifications
    FOR EACH ROW EXECUTE FUNCTION notifications_notify();
