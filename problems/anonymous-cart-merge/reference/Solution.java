import java.util.HashMap;
import java.util.Map;

public class Solution {
    public Map<String, Long> mergeCarts(Map<String, Long> user, Map<String, Long> session, Map<String, Long> stock) {
        Map<String, Long> merged = new HashMap<>();
        for (Map<String, Long> cart : java.util.List.of(user, session)) {
            for (Map.Entry<String, Long> e : cart.entrySet()) {
                if (stock.containsKey(e.getKey()) && e.getValue() > 0) merged.merge(e.getKey(), e.getValue(), Long::sum);
            }
        }
        Map<String, Long> out = new HashMap<>();
        for (Map.Entry<String, Long> e : merged.entrySet()) {
            long qty = Math.min(e.getValue(), stock.get(e.getKey()));
            if (qty > 0) out.put(e.getKey(), qty);
        }
        return out;
    }
}
