import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

// `any` is an Object: a Map<String, Object>, a List<Object>, a String, a Long, a Double, a
// Boolean or null.
public class FlattenJson {
    public static Map<String, Object> flattenJson(Object doc) {
        Map<String, Object> out = new LinkedHashMap<>();
        walk(doc, "", out);
        return out;
    }

    private static void walk(Object value, String path, Map<String, Object> out) {
        if (value instanceof Map<?, ?> map && !map.isEmpty()) {
            for (Map.Entry<?, ?> e : map.entrySet()) walk(e.getValue(), join(path, (String) e.getKey()), out);
        } else if (value instanceof List<?> list && !list.isEmpty()) {
            for (int i = 0; i < list.size(); i++) walk(list.get(i), join(path, String.valueOf(i)), out);
        } else {
            out.put(path, value);
        }
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
