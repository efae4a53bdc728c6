package com.speedy.push.db;

import com.speedy.push.rollout.HostResult;
import java.util.List;

/** What a db workflow (replica, rejoin) reports: lines of its own, and its hosts' results, as the adapter renders them. */
public interface DbConsole {
    void line(String text);

    /** The hosts' results so far; true if every one succeeded. */
    boolean results(List<HostResult> results);
}
