import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.activemq.artemis.utils.DefaultSensitiveStringCodec;

/**
 * What {@code artemis mask --hash PASSWORD} prints, for passwords read one a line from stdin:
 * a command line is visible to every user of the machine (ps), stdin is not. Run by
 * standalone-broker.sh with the distribution's lib/ on the class path.
 */
public class HashPasswords {
    public static void main(String[] args) throws Exception {
        DefaultSensitiveStringCodec codec = new DefaultSensitiveStringCodec();
        codec.init(Map.of(DefaultSensitiveStringCodec.ALGORITHM, DefaultSensitiveStringCodec.ONE_WAY));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String password = in.readLine(); password != null; password = in.readLine()) {
            System.out.println(codec.encode(password));
        }
    }
}
