-- One row per speedy-app host, its time written on the primary every second: a standby's replay timestamp then never
-- ages while it streams, so its age measures how far behind it is (ReadRoute), even when no one posts.
CREATE TABLE heartbeat (
    writer text        PRIMARY KEY,
    at     timestamptz NOT NULL
);
