package io.switchboard.mail;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The per-folder mod-sequence counter of IMAP CONDSTORE (RFC 7162 §3.1.1), in the side table
 * {@code mail_box_modseq} (migration V3). Every change to a folder's messages — a new message, a
 * flag change, an expunge — takes {@link #next} inside its own transaction while holding the
 * folder's {@code mail_box} row lock, so values strictly grow per folder and are as durable as the
 * change itself. Folders older than the table start from the largest {@code mail.modseq} they hold.
 */
public final class MailModSeq {
    private MailModSeq() {
    }

    /** Takes the next mod-sequence of the folder. The caller holds the folder row lock in {@code c}'s transaction. */
    public static long next(Connection c, String boxId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE mail_box_modseq SET highest_modseq = highest_modseq + 1 WHERE mail_box = ?")) {
            ps.setString(1, boxId);
            if (ps.executeUpdate() == 0) {
                long first = initial(c, boxId) + 1;
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO mail_box_modseq (mail_box, highest_modseq) VALUES (?, ?)")) {
                    ins.setString(1, boxId);
                    ins.setLong(2, first);
                    ins.executeUpdate();
                }
                return first;
            }
        }
        return stored(c, boxId);
    }

    /** The folder's HIGHESTMODSEQ now (at least 1, as RFC 7162 mod-sequences are positive). */
    public static long highest(Connection c, String boxId) throws SQLException {
        long v = stored(c, boxId);
        return v > 0 ? v : initial(c, boxId);
    }

    private static long stored(Connection c, String boxId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT highest_modseq FROM mail_box_modseq WHERE mail_box = ?")) {
            ps.setString(1, boxId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** Where a folder without a counter row starts: above every mod-sequence its messages carry. */
    private static long initial(Connection c, String boxId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT MAX(\"modseq\") FROM \"mail\" WHERE \"mail_box\" = ?")) {
            ps.setString(1, boxId);
            try (ResultSet rs = ps.executeQuery()) {
                return Math.max(1, rs.next() ? rs.getLong(1) : 0);
            }
        }
    }

    /** Forgets a deleted folder's counter and expunge history. */
    public static void forget(Connection c, String boxId) throws SQLException {
        for (String sql : new String[]{"DELETE FROM mail_box_modseq WHERE mail_box = ?", "DELETE FROM mail_vanished WHERE mail_box = ?"}) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, boxId);
                ps.executeUpdate();
            }
        }
    }
}
