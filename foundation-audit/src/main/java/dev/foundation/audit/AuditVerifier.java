package dev.foundation.audit;

import dev.foundation.audit.internal.OfflineVerifier;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The command-line verifier of a trail directory, and its programmatic form.
 *
 * <pre>
 * java -cp foundation-audit.jar:... dev.foundation.audit.AuditVerifier \
 *     --dir data/audit [--name audit] --key 2026-11=BASE64 [--key ...] [--anchor SEQUENCE:SHA256]
 * </pre>
 *
 * <p>It never modifies the directory: it copies the trail's stream to a temporary directory, opens the copy (so
 * it can run beside a live trail, which holds a lock on its directory), walks the chain and prints the
 * {@link VerificationReport}. Exit status 0: intact; 1: broken; 2: bad arguments or unreadable directory. A
 * torn tail (bytes at the end of the log that fail their checksum, left by a crash mid-write or by tampering)
 * is not readable as records: it is reported as a warning, and only an anchor tells whether acknowledged records
 * were lost.
 */
public final class AuditVerifier {

    private AuditVerifier() {
    }

    /**
     * Verifies the trail {@code name} kept under {@code directory}, without modifying it.
     *
     * @param directory the trail's base directory (as given to {@link AuditTrail#builder(Path)})
     * @param name      the trail's name
     * @param keys      the keys its checkpoints were signed with
     * @param anchor    a head saved elsewhere, or {@code null}
     * @return the report
     * @throws AuditException if the directory holds no such trail or cannot be copied
     */
    public static VerificationReport verify(Path directory, String name, Keyring keys, ChainHead anchor) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keys, "keys");
        return OfflineVerifier.verify(directory, name, keys, anchor);
    }

    /**
     * Runs the verifier: see the class description.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the verifier with the given output streams.
     *
     * @param args the arguments
     * @param out  where the report goes
     * @param err  where usage errors go
     * @return the exit status: 0 intact, 1 broken, 2 bad arguments or unreadable directory
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Path dir = null;
        String name = "audit";
        Keyring.Builder keys = Keyring.builder();
        boolean anyKey = false;
        ChainHead anchor = null;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + a + " needs a value");
                }
                String v = args[++i];
                switch (a) {
                    case "--dir":
                        dir = Path.of(v);
                        break;
                    case "--name":
                        name = v;
                        break;
                    case "--key":
                        int eq = v.indexOf('=');
                        if (eq < 1) {
                            throw new IllegalArgumentException("--key must be KEY_ID=BASE64");
                        }
                        keys.keyBase64(v.substring(0, eq), v.substring(eq + 1));
                        anyKey = true;
                        break;
                    case "--anchor":
                        anchor = ChainHead.parse(v);
                        break;
                    default:
                        throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (dir == null || !anyKey) {
                throw new IllegalArgumentException("--dir and at least one --key are required");
            }
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("--dir " + dir + " is not a directory");
            }
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println("usage: AuditVerifier --dir DIR [--name NAME] --key KEY_ID=BASE64 [--key ...]"
                    + " [--anchor SEQUENCE:SHA256]");
            return 2;
        }
        try {
            VerificationReport report = verify(dir, name, keys.build(), anchor);
            out.println(report);
            return report.intact() ? 0 : 1;
        } catch (AuditException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
    }
}
