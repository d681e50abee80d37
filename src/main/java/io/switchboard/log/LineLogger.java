package io.switchboard.log;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;

/**
 * One line per event on standard output ({@code <time> <LEVEL> [<logger>] <message>}), which
 * journald or a file picks up; stack traces follow on their own lines.
 */
final class LineLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;
    private final String shortName;

    LineLogger(String name) {
        this.name = name;
        int dot = name.lastIndexOf('.');
        this.shortName = dot >= 0 ? name.substring(dot + 1) : name;
    }

    @Override
    public boolean isTraceEnabled() {
        return LogLevel.enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return LogLevel.enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return LogLevel.enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return LogLevel.enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return LogLevel.enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args, Throwable t) {
        String msg = MessageFormatter.basicArrayFormat(pattern, args);
        StringBuilder sb = new StringBuilder(64 + (msg == null ? 0 : msg.length()));
        sb.append(Instant.now()).append(' ').append(level.name());
        if (level.name().length() == 4) sb.append(' ');
        sb.append(" [").append(shortName).append("] ").append(msg);
        if (t != null) {
            StringWriter w = new StringWriter();
            t.printStackTrace(new PrintWriter(w));
            sb.append('\n').append(w.toString().stripTrailing());
        }
        System.out.println(sb);
    }
}
