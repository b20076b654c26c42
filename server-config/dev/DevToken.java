import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * DEVELOPMENT ONLY. Prints a JWT signed with the development key in this folder, which only the development run
 * configuration trusts. Usage, from the repository root:
 *
 *   java server-config/dev/DevToken.java <user> [--groups a,b] [--stores 7,8] [--minutes 60]
 */
public class DevToken {

    static final String ISSUER = "https://dev.ordercast.local";
    static final String AUDIENCE = "ordercast";

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].startsWith("-")) {
            System.err.println("usage: java server-config/dev/DevToken.java <user> [--groups a,b] [--stores 7,8] [--minutes 60]");
            System.exit(2);
        }
        String user = args[0];
        List<String> groups = List.of();
        List<String> stores = List.of();
        long minutes = 60;
        Path key = Path.of("server-config/dev/private-key.pem");
        for (int i = 1; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--groups" -> groups = split(args[i + 1]);
                case "--stores" -> stores = split(args[i + 1]);
                case "--minutes" -> minutes = minutes(args[i + 1]);
                case "--key" -> key = Path.of(args[i + 1]);
                default -> {
                    System.err.println("unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        if (!Files.isReadable(key)) {
            System.err.println("no development key at " + key.toAbsolutePath()
                    + ": run this from the repository root, or name the key with --key <file>");
            System.exit(2);
        }
        long now = Instant.now().getEpochSecond();
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String claims = "{\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE + "\",\"sub\":\"" + json(user)
                + "\",\"upn\":\"" + json(user) + "\",\"groups\":" + array(groups) + ",\"stores\":" + array(stores)
                + ",\"iat\":" + now + ",\"exp\":" + (now + minutes * 60) + ",\"jti\":\"" + UUID.randomUUID() + "\"}";
        String signingInput = base64(header) + "." + base64(claims);
        String pem = Files.readString(key).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        var signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem))));
        signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        System.out.println(signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign()));
    }

    static long minutes(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            System.err.println("--minutes takes a whole number of minutes, not '" + text + "'");
            System.exit(2);
            return 0;
        }
    }

    static List<String> split(String list) {
        var values = new ArrayList<String>();
        for (String value : list.split(",")) {
            if (!value.isBlank()) {
                values.add(value.strip());
            }
        }
        return values;
    }

    static String array(List<String> values) {
        var json = new StringBuilder("[");
        for (String value : values) {
            json.append(json.length() > 1 ? "," : "").append('"').append(json(value)).append('"');
        }
        return json.append(']').toString();
    }

    static String json(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    static String base64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
