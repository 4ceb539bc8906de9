package org.tracerelay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * dev/private-postgres.sh as bin/run uses it, with no server of the relay's: the login it
 * gives the relay is no superuser (so SQL cannot run programs or touch the server's files), every
 * start takes superuser away from it again, and a start as root follows no link the server's OS
 * user could have planted in the data directory. Its own PostgreSQL on port 15437.
 */
class PrivatePostgresRestartIT {

    private static final Path ROOT = Path.of(System.getProperty("repository.root")).toAbsolutePath().normalize();
    private static final Path TARGET = ROOT.resolve("integration-tests/target");
    private static final Path DIR = TARGET.resolve("private-postgres-roles");
    private static final int PORT = 15437;

    @AfterEach
    void stop() throws Exception {
        script("stop");
    }

    @Test
    void theRelaysLoginIsNoSuperuserAndCannotRunPrograms() throws Exception {
        assertEquals(0, script("start", "fresh"), "started");
        try (Connection db = relay(); Statement sql = db.createStatement()) {
            assertFalse(superuser(sql), "the relay's login is no superuser");
            SQLException copy = assertThrows(SQLException.class,
                    () -> sql.execute("COPY (SELECT 1) TO PROGRAM 'touch " + TARGET.resolve("copy-to-program-ran") + "'"));
            assertEquals("42501", copy.getSQLState(), "insufficient privilege: " + copy.getMessage());
            assertThrows(SQLException.class, () -> sql.executeQuery("SELECT pg_read_file('/etc/passwd')"));
            assertThrows(SQLException.class, () -> sql.execute("CREATE ROLE intruder SUPERUSER"));
            // What the relay's migrations need: its own tables in the schema public.
            sql.execute("CREATE TABLE probe (id bigserial PRIMARY KEY, note text)");
            sql.execute("INSERT INTO probe (note) VALUES ('mine')");
        }
        assertFalse(Files.exists(TARGET.resolve("copy-to-program-ran")));

        // Superuser granted behind the script's back (or an older data directory): the next start takes it away.
        script("stop");
        assertEquals(0, singleUser("ALTER ROLE " + user() + " SUPERUSER;"));
        assertEquals(0, script("start"));
        try (Connection db = relay(); Statement sql = db.createStatement()) {
            assertFalse(superuser(sql), "a start makes the relay's login no superuser again");
            try (ResultSet rows = sql.executeQuery("SELECT note FROM probe")) {
                assertTrue(rows.next(), "its rows are kept");
            }
        }
    }

    @Test
    void aStartAsRootFollowsNoLinkPlantedInTheDataDirectory() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "the scripts chown only when started as root");
        assertEquals(0, script("start", "fresh"));
        script("stop");
        // The data directory as an older version left it (owned by the server's OS user), and in it a
        // link that user planted where the script writes and chowns its log.
        Path victim = TARGET.resolve("root-owned-victim");
        Files.writeString(victim, "root's");
        Files.setPosixFilePermissions(victim, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        assertEquals(0, run(List.of("chown", "tracerelay", DIR.toString())));
        Files.deleteIfExists(DIR.resolve("postgres.log"));
        assertEquals(0, run(List.of("runuser", "-u", "tracerelay", "--", "ln", "-s", victim.toString(), DIR.resolve("postgres.log").toString())));

        assertEquals(3, script("start"), "a start as root refuses a data directory holding a link");
        assertEquals("root", Files.getOwner(victim).getName(), "the link's target was not handed to the server's user");
        assertEquals("root's", Files.readString(victim));

        Files.delete(DIR.resolve("postgres.log"));
        assertEquals(0, script("start"), "without the link it starts");
        assertEquals("root", Files.getOwner(DIR, LinkOption.NOFOLLOW_LINKS).getName(), "the data directory is root's again");
        assertEquals("root", Files.getOwner(DIR.resolve("superuser.password")).getName());
    }

    private static boolean superuser(Statement sql) throws SQLException {
        try (ResultSet r = sql.executeQuery("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")) {
            r.next();
            return r.getBoolean(1);
        }
    }

    private static Connection relay() throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + PORT + "/tracerelay", user(),
                Files.readString(DIR.resolve("password")).trim());
    }

    private static String user() throws Exception {
        Process p = new ProcessBuilder("bash", ROOT.resolve("dev/private-postgres.sh").toString(), "user", DIR.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertEquals(0, p.waitFor(), "private-postgres.sh user: " + out);
        return out;
    }

    /** One statement in single-user mode, as the server's OS user (the server stopped). */
    private static int singleUser(String statement) throws Exception {
        String postgres = Path.of(System.getProperty("it.postgres.binaries"), "bin/postgres").toString();
        List<String> command = new ArrayList<>(List.of(postgres, "--single", "-D", DIR.resolve("cluster").toString(), "tracerelay"));
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(0, List.of("runuser", "-u", "tracerelay", "--"));
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(TARGET.resolve("private-postgres-roles.log").toFile()));
        Process p = pb.start();
        p.getOutputStream().write((statement + "\n").getBytes());
        p.getOutputStream().close();
        return p.waitFor(60, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    private static int script(String command, String... fresh) throws Exception {
        List<String> args = new ArrayList<>(List.of("bash", ROOT.resolve("dev/private-postgres.sh").toString(), command, DIR.toString()));
        if (command.equals("start")) {
            args.add(String.valueOf(PORT));
        }
        ProcessBuilder pb = new ProcessBuilder(args).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(TARGET.resolve("private-postgres-roles.log").toFile()));
        pb.environment().put("TRACE_RELAY_PG_BINARIES", System.getProperty("it.postgres.binaries"));
        pb.environment().remove("TRACE_RELAY_PG_PASSWORD");
        if (fresh.length > 0) {
            pb.environment().put("START_FRESH", "1");
        }
        Process p = pb.start();
        return p.waitFor(180, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    private static int run(List<String> command) throws IOException, InterruptedException {
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }
}
