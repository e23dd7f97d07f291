package tokyo.seisei.operator.source;

/**
 * Where a stack's desired state came from when the source is a git repository: the last commit that touched the
 * stack's file, and whether the repository could be fetched lately. A plain folder has none.
 *
 * @param commit      the full sha
 * @param subject     the first line of the commit message
 * @param author      the author, as {@code Name <email>}
 * @param time        when it was committed, ISO-8601
 * @param unreachable while the last fetch failed: since when and why, in one sentence; else null
 */
public record SourceRevision(String commit, String subject, String author, String time, String unreachable) {

    public static final int SHORT = 7;

    /** The sha as people write it, e.g. {@code 1a2b3c4}. */
    public String shortCommit() {
        return commit.length() > SHORT ? commit.substring(0, SHORT) : commit;
    }

    /** {@code commit 1a2b3c4 "subject" by Name <email>}: the commit named for people. */
    public String describe() {
        return "commit " + shortCommit() + " \"" + subject + "\" by " + author;
    }

    public SourceRevision unreachable(String why) {
        return new SourceRevision(commit, subject, author, time, why);
    }
}
