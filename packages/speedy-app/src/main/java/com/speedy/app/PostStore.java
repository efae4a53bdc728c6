package com.speedy.app;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;

/** The SQL behind the API. */
public final class PostStore {
    private static final String SELECT_POSTS = """
            SELECT p.id, p.author, p.body, p.created_at,
                   coalesce(array_agg(t.tag ORDER BY t.tag) FILTER (WHERE t.tag IS NOT NULL), '{}') AS tags
              FROM posts p LEFT JOIN post_tags t ON t.post_id = p.id
            """;

    private final DataSource dataSource;
    /** Where listings and trending tags are read: db-ro while it is fresh enough ({@code ReadReplica}). */
    private final Supplier<DataSource> forListings;

    /** Every query on one database. */
    public PostStore(DataSource dataSource) {
        this(dataSource, () -> dataSource);
    }

    /**
     * Writes and a post by id (read right after it was written) on {@code dataSource}; listings and trending tags,
     * which may lag a few seconds, where {@code forListings} says at the moment of each query.
     */
    public PostStore(DataSource dataSource, Supplier<DataSource> forListings) {
        this.dataSource = dataSource;
        this.forListings = forListings;
    }

    /**
     * Stores {@code post} in one transaction. Any SQLException but {@link CommitUnknown} means that nothing was stored:
     * it came before the COMMIT was sent.
     */
    public Post create(NewPost post) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            long id = 0;
            OffsetDateTime createdAt;
            try {
                try (PreparedStatement s = c.prepareStatement(
                        "INSERT INTO posts (author, body) VALUES (?, ?) RETURNING id, created_at")) {
                    s.setString(1, post.author());
                    s.setString(2, post.body());
                    try (ResultSet r = s.executeQuery()) {
                        r.next();
                        id = r.getLong(1);
                        createdAt = r.getObject(2, OffsetDateTime.class);
                    }
                }
                try (PreparedStatement s = c.prepareStatement("INSERT INTO post_tags (post_id, tag) VALUES (?, ?)")) {
                    for (String tag : post.tags()) {
                        s.setLong(1, id);
                        s.setString(2, tag);
                        s.addBatch();
                    }
                    s.executeBatch();
                }
            } catch (SQLException e) {
                rollBack(c, e);
                throw e;
            }
            try {
                c.commit();
            } catch (SQLException e) {
                throw new CommitUnknown(id, e);
            }
            return new Post(id, post.author(), post.body(), post.tags().stream().sorted().toList(), createdAt);
        }
    }

    /** A rollback on a connection that is gone fails too; the first error is the one to report. */
    private static void rollBack(Connection c, SQLException cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    public Optional<Post> find(long id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(SELECT_POSTS + " WHERE p.id = ? GROUP BY p.id")) {
            s.setLong(1, id);
            List<Post> posts = read(s);
            return posts.stream().findFirst();
        }
    }

    /** The newest posts, optionally only those with a tag. */
    public List<Post> newest(Optional<String> tag, int limit) throws SQLException {
        String where = tag.isPresent()
                ? " WHERE p.id IN (SELECT post_id FROM post_tags WHERE tag = ?)"
                : "";
        try (Connection c = forListings.get().getConnection();
             PreparedStatement s = c.prepareStatement(
                     SELECT_POSTS + where + " GROUP BY p.id ORDER BY p.created_at DESC, p.id DESC LIMIT ?")) {
            int i = 1;
            if (tag.isPresent()) {
                s.setString(i++, tag.get());
            }
            s.setInt(i, limit);
            return read(s);
        }
    }

    public List<TrendingTag> trending(int limit) throws SQLException {
        try (Connection c = forListings.get().getConnection();
             PreparedStatement s = c.prepareStatement(
                     "SELECT tag, post_count, computed_at FROM trending_tags ORDER BY post_count DESC, tag LIMIT ?")) {
            s.setInt(1, limit);
            List<TrendingTag> tags = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    tags.add(new TrendingTag(r.getString(1), r.getInt(2), r.getObject(3, OffsetDateTime.class)));
                }
            }
            return tags;
        }
    }

    private static List<Post> read(PreparedStatement s) throws SQLException {
        List<Post> posts = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
                Array tags = r.getArray("tags");
                posts.add(new Post(r.getLong("id"), r.getString("author"), r.getString("body"),
                        Arrays.asList((String[]) tags.getArray()), r.getObject("created_at", OffsetDateTime.class)));
            }
        }
        return posts;
    }

    /**
     * The COMMIT of a new post failed, typically with the connection lost: it may have committed or not. {@link #id()}
     * is the id the post has if it did; {@link #find(long)} on the primary tells.
     */
    public static final class CommitUnknown extends SQLException {
        private static final long serialVersionUID = 1L;
        private final long id;

        CommitUnknown(long id, SQLException cause) {
            super("COMMIT of post " + id + " failed, it may or may not have committed: " + cause.getMessage(),
                    cause.getSQLState(), cause);
            this.id = id;
        }

        public long id() {
            return id;
        }
    }
}
