import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;

public class Solution {
    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        String s = in.readLine();
        if (s == null) s = "";
        s = s.trim();

        int answer = 0;
        // TODO: compute the length of the longest substring of s without
        // repeating characters.

        System.out.println(answer);
    }
}
