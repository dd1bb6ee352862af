public class Solution {
    public boolean isValid(String s) {
        // TODO: true when every bracket is closed by the same kind, in the right order
        return false;
    }
}
