import java.util.HashMap;
import java.util.Map;

public class FlattenJson {
    /**
     * Returns the leaves of doc under their dotted paths ("user.roles.0"). doc is a
     * Map<String, Object>, a List<Object>, a String, a Long, a Double, a Boolean or null.
     */
    public static Map<String, Object> flattenJson(Object doc) {
        // TODO: walk doc recursively, carrying the path.
        return new HashMap<>();
    }
}
