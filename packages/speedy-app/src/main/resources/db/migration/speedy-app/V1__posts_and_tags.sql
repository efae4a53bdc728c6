-- The product's data: posts, their tags, and the trending tags that speedy-jobs computes.
CREATE TABLE posts (
    id         bigserial PRIMARY KEY,
    author     text        NOT NULL,
    body       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX posts_created_at ON posts (created_at);

CREATE TABLE post_tags (
    post_id bigint NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    tag     text   NOT NULL,
    PRIMARY KEY (post_id, tag)
);
CREATE INDEX post_tags_tag ON post_tags (tag);

CREATE TABLE trending_tags (
    tag         text        PRIMARY KEY,
    post_count  integer     NOT NULL,
    computed_at timestamptz NOT NULL
);
