import java.util.HashMap;
import java.util.Map;

public class Solution {
    public Map<String, Long> mergeCarts(Map<String, Long> user, Map<String, Long> session, Map<String, Long> stock) {
        // TODO: quantities add, the stock caps each one, products not in stock are dropped,
        // and lines that come to 0 (or less) are left out. Quantities can exceed 32 bits.
        return new HashMap<>(user);
    }
}
