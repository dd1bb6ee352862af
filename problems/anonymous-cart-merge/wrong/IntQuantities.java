import java.util.HashMap;
import java.util.Map;

// Right rules, but 32-bit quantities: 3,000,000,000 does not fit in an Integer.
public class IntQuantities {
    public Map<String, Integer> mergeCarts(Map<String, Integer> user, Map<String, Integer> session, Map<String, Integer> stock) {
        Map<String, Integer> merged = new HashMap<>();
        for (Map<String, Integer> cart : java.util.List.of(user, session)) {
            for (Map.Entry<String, Integer> e : cart.entrySet()) {
                if (stock.containsKey(e.getKey()) && e.getValue() > 0) merged.merge(e.getKey(), e.getValue(), Integer::sum);
            }
        }
        Map<String, Integer> out = new HashMap<>();
        for (Map.Entry<String, Integer> e : merged.entrySet()) {
            int qty = Math.min(e.getValue(), stock.get(e.getKey()));
            if (qty > 0) out.put(e.getKey(), qty);
        }
        return out;
    }
}
