import java.util.ArrayDeque;
import java.util.Deque;

public class Solution {
    public boolean isValid(String s) {
        Deque<Character> stack = new ArrayDeque<>();
        for (char c : s.toCharArray()) {
            char want = c == ')' ? '(' : c == ']' ? '[' : c == '}' ? '{' : 0;
            if (want == 0) stack.push(c);
            else if (stack.isEmpty() || stack.pop() != want) return false;
        }
        return stack.isEmpty();
    }
}
