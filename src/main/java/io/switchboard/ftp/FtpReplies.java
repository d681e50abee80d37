package io.switchboard.ftp;

/**
 * Every fixed reply the server sends (RFC 959 section 4.2.2 codes), in one place; tests use
 * these constants too.
 */
public final class FtpReplies {
    private FtpReplies() {
    }

    public static final FtpReply GREETING = FtpReply.of(220, "Switchboard FTP ready");
    public static final FtpReply GOODBYE = FtpReply.of(221, "Goodbye");
    public static final FtpReply OK = FtpReply.of(200, "OK");
    public static final FtpReply NOOP = FtpReply.of(200, "NOOP ok");
    public static final FtpReply SYST = FtpReply.of(215, "UNIX Type: L8");
    public static final FtpReply NEED_PASSWORD = FtpReply.of(331, "Please specify the password");
    public static final FtpReply LOGGED_IN = FtpReply.of(230, "Login successful");
    public static final FtpReply ANONYMOUS_LOGGED_IN = FtpReply.of(230, "Anonymous login ok, read-only access");
    public static final FtpReply ANONYMOUS_DISABLED = FtpReply.of(530, "Anonymous logins are not allowed here");
    public static final FtpReply LOGIN_FAILED = FtpReply.of(530, "Login incorrect");
    public static final FtpReply LOGIN_THROTTLED = FtpReply.of(421, "Too many failed logins; try again later");
    public static final FtpReply NOT_LOGGED_IN = FtpReply.of(530, "Please login with USER and PASS");
    public static final FtpReply USER_FIRST = FtpReply.of(503, "Login with USER first");
    public static final FtpReply ALREADY_LOGGED_IN = FtpReply.of(503, "Already logged in");
    public static final FtpReply TLS_REQUIRED = FtpReply.of(530, "This server requires TLS: use AUTH TLS first");
    public static final FtpReply ACCT_REFUSED = FtpReply.of(202, "ACCT not needed here");
    public static final FtpReply UNKNOWN_COMMAND = FtpReply.of(500, "Unknown command");
    public static final FtpReply LINE_TOO_LONG = FtpReply.of(500, "Command line too long");
    public static final FtpReply SYNTAX = FtpReply.of(501, "Syntax error in parameters or arguments");
    public static final FtpReply NOT_IMPLEMENTED_PARAMETER = FtpReply.of(504, "Command not implemented for that parameter");
    public static final FtpReply BAD_SEQUENCE = FtpReply.of(503, "Bad sequence of commands");
    public static final FtpReply TOO_MANY_PIPELINED = FtpReply.of(421, "Too many commands sent ahead; closing control connection");
    public static final FtpReply TOO_MANY_CLIENTS = FtpReply.of(421, "Too many connections; try again later");
    public static final FtpReply IDLE_TIMEOUT = FtpReply.of(421, "Idle timeout; closing control connection");
    public static final FtpReply SHUTTING_DOWN = FtpReply.of(421, "Service not available; closing control connection");

    public static final FtpReply AUTH_TLS_OK = FtpReply.of(234, "Proceed with TLS negotiation");
    public static final FtpReply AUTH_ALREADY = FtpReply.of(503, "TLS already active");
    public static final FtpReply AUTH_UNSUPPORTED = FtpReply.of(504, "Only AUTH TLS is supported");
    public static final FtpReply PIPELINED_AFTER_AUTH = FtpReply.of(503, "Nothing may follow AUTH TLS before the handshake");
    public static final FtpReply PBSZ_OK = FtpReply.of(200, "PBSZ=0");
    public static final FtpReply PROT_OK = FtpReply.of(200, "Protection level set");
    public static final FtpReply PROT_NEEDS_TLS = FtpReply.of(503, "PROT needs AUTH TLS and PBSZ first");
    public static final FtpReply PROT_UNSUPPORTED = FtpReply.of(536, "Only PROT C and PROT P are supported");
    public static final FtpReply DATA_TLS_REQUIRED = FtpReply.of(521, "Data connections must be protected: use PROT P");

    public static final FtpReply TYPE_ASCII = FtpReply.of(200, "Switching to ASCII mode");
    public static final FtpReply TYPE_BINARY = FtpReply.of(200, "Switching to Binary mode");
    public static final FtpReply MODE_OK = FtpReply.of(200, "Mode set to S");
    public static final FtpReply STRU_OK = FtpReply.of(200, "Structure set to F");
    public static final FtpReply UTF8_ON = FtpReply.of(200, "Always in UTF8 mode");
    public static final FtpReply OPTS_OK = FtpReply.of(200, "Option set");

    public static final FtpReply PORT_OK = FtpReply.of(200, "PORT command successful; consider using PASV");
    public static final FtpReply PORT_REFUSED = FtpReply.of(500, "Illegal PORT command: the address must be the control connection's");
    public static final FtpReply EPRT_UNSUPPORTED = FtpReply.of(522, "Network protocol not supported, use (1,2)");
    public static final FtpReply NO_PASSIVE_PORT = FtpReply.of(425, "No passive port free; try again later");
    public static final FtpReply USE_PORT_OR_PASV = FtpReply.of(425, "Use PORT, PASV or EPSV first");
    public static final FtpReply DATA_OPEN_FAILED = FtpReply.of(425, "Cannot open data connection");
    public static final FtpReply DATA_FROM_WRONG_ADDRESS = FtpReply.of(425, "Security: data connection from a different address");
    public static final FtpReply DATA_LOST = FtpReply.of(426, "Connection closed; transfer aborted");
    public static final FtpReply TRANSFER_OK = FtpReply.of(226, "Transfer complete");
    public static final FtpReply ABORT_OK = FtpReply.of(226, "Abort successful");
    public static final FtpReply NO_TRANSFER_TO_ABORT = FtpReply.of(225, "No transfer to abort");
    public static final FtpReply LOCAL_ERROR = FtpReply.of(451, "Requested action aborted: local error in processing");
    public static final FtpReply BUSY = FtpReply.of(421, "Server busy; try again later");

    public static final FtpReply FILE_OK = FtpReply.of(250, "Requested file action okay, completed");
    public static final FtpReply CWD_OK = FtpReply.of(250, "Directory successfully changed");
    public static final FtpReply RMD_OK = FtpReply.of(250, "Remove directory operation successful");
    public static final FtpReply DELE_OK = FtpReply.of(250, "Delete operation successful");
    public static final FtpReply RENAME_OK = FtpReply.of(250, "Rename successful");
    public static final FtpReply RNFR_OK = FtpReply.of(350, "Ready for RNTO");
    public static final FtpReply RNTO_WITHOUT_RNFR = FtpReply.of(503, "RNFR required first");
    public static final FtpReply RENAME_OUT_OF_SITE = FtpReply.of(553, "Cannot rename across sites");
    public static final FtpReply NOT_FOUND = FtpReply.of(550, "No such file or directory");
    public static final FtpReply DENIED = FtpReply.of(550, "Permission denied");
    public static final FtpReply OUTSIDE = FtpReply.of(550, "Path is outside your sites");
    public static final FtpReply NOT_A_FILE = FtpReply.of(550, "Not a plain file");
    public static final FtpReply NOT_A_DIRECTORY = FtpReply.of(550, "Not a directory");
    public static final FtpReply EXISTS = FtpReply.of(550, "File exists");
    public static final FtpReply DIRECTORY_NOT_EMPTY = FtpReply.of(550, "Directory not empty");
    public static final FtpReply BAD_NAME = FtpReply.of(553, "File name not allowed");
    public static final FtpReply QUOTA_EXCEEDED = FtpReply.of(552, "Storage quota exceeded");

    public static FtpReply restAt(long offset) {
        return FtpReply.of(350, "Restart position accepted (" + offset + ")");
    }

    public static FtpReply pwd(String path) {
        return FtpReply.of(257, quote(path) + " is the current directory");
    }

    public static FtpReply created(String path) {
        return FtpReply.of(257, quote(path) + " created");
    }

    public static FtpReply passive(byte[] ip, int port) {
        return FtpReply.of(227, "Entering Passive Mode (" + (ip[0] & 0xFF) + "," + (ip[1] & 0xFF) + "," + (ip[2] & 0xFF) + ","
                + (ip[3] & 0xFF) + "," + (port >> 8) + "," + (port & 0xFF) + ")");
    }

    public static FtpReply extendedPassive(int port) {
        return FtpReply.of(229, "Entering Extended Passive Mode (|||" + port + "|)");
    }

    public static FtpReply opening(String what) {
        return FtpReply.of(150, "Opening " + what);
    }

    public static FtpReply size(long size) {
        return FtpReply.of(213, Long.toString(size));
    }

    public static FtpReply mdtm(String stamp) {
        return FtpReply.of(213, stamp);
    }

    /** RFC 959: a double quote in a quoted path is doubled. */
    static String quote(String path) {
        return '"' + path.replace("\"", "\"\"") + '"';
    }
}
