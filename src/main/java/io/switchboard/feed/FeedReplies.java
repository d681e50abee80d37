package io.switchboard.feed;

/** Every reply text of the feed package, in one place; tests use the same constants. */
final class FeedReplies {
    static final String UNKNOWN_FEED = "no feed named ";
    static final String UNKNOWN_FORMAT = "feeds are served as .rss, .atom or .json: ";
    static final String FEED_DISABLED = "this feed is disabled: ";
    static final String FORMAT_DISABLED = "this feed is not served in this format: ";
    static final String SIGN_IN = "sign in to read this feed (HTTP Basic with your email and password, or a token)";
    static final String BAD_PAGE = "page must be a whole number from 1 to " + FeedRoutes.MAX_PAGE;
    static final String BAD_ORDER = "order must be column names with asc or desc, separated by commas: ";
    static final String BAD_NAME = "feed_name must be 1 to 200 letters, digits, '.', '_' or '-', starting with a letter or digit: ";
    static final String BAD_PAGE_SIZE = "page_size (or limit) must be a whole number from 1 to ";
    static final String NO_SUCH_COLUMN = " is not a column of ";
    static final String UNTITLED = "Untitled";
    static final String GENERATOR = "Switchboard";
    /** The realm of the Basic challenge on feed routes (config.md: 401 with WWW-Authenticate Basic). */
    static final String BASIC_CHALLENGE = "Basic realm=\"switchboard feeds\", charset=\"UTF-8\"";

    private FeedReplies() {
    }
}
