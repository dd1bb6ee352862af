import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

// Numbers list items from 1: "user.roles.1" and "user.roles.2" where ".0" and ".1" are expected.
public class IndexesFromOne {
    public static Map<String, Object> flattenJson(Object doc) {
        Map<String, Object> out = new LinkedHashMap<>();
        walk(doc, "", out);
        return out;
    }

    private static void walk(Object value, String path, Map<String, Object> out) {
        if (value instanceof Map<?, ?> map && !map.isEmpty()) {
            for (Map.Entry<?, ?> e : map.entrySet()) walk(e.getValue(), join(path, (String) e.getKey()), out);
        } else if (value instanceof List<?> list && !list.isEmpty()) {
            for (int i = 0; i < list.size(); i++) walk(list.get(i), join(path, String.valueOf(i + 1)), out);
        } else {
            out.put(path, value);
        }
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
